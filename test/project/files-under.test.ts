import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectFingerprint } from '../../src-main/distributed/fingerprint';
import { filesUnder } from '../../src-main/project/files-under';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'pw-files-under-'));
  dirs.push(root);
  mkdirSync(join(root, 'src/nodes'), { recursive: true });
  mkdirSync(join(root, 'conf/base'), { recursive: true });
  writeFileSync(join(root, 'src/pipeline_registry.ts'), 'export {};\n');
  writeFileSync(join(root, 'src/nodes/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'conf/base/catalog.yml'), 'x: {type: MemoryDataset}\n');
  return root;
}

describe('filesUnder', () => {
  it('lists the files it keeps, sorted, and neither lists nor walks hidden folders or node_modules', () => {
    const root = project();
    mkdirSync(join(root, 'src/.cache'), { recursive: true });
    writeFileSync(join(root, 'src/.cache/x.ts'), '');
    mkdirSync(join(root, 'node_modules/p'), { recursive: true });
    writeFileSync(join(root, 'node_modules/p/i.ts'), '');
    symlinkSync(join(root, 'src/nodes/a.ts'), join(root, 'src/linked.ts'));
    expect(filesUnder(root, (p) => p.endsWith('.ts')).map((f) => f.slice(root.length + 1))).toEqual([
      'src/linked.ts',
      'src/nodes/a.ts',
      'src/pipeline_registry.ts',
    ]);
    expect(filesUnder(join(root, 'missing'), () => true)).toEqual([]);
  });

  it("a project's fingerprint stays the same while another process creates and removes folders in it", async () => {
    const root = project();
    const expected = projectFingerprint(root);
    // Another process (a worker starting beside this one) churning temporary folders in `.pipewright`.
    const churn = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const base = ${JSON.stringify(join(root, '.pipewright'))};
         for (let i = 0; ; i++) { const d = base + '/t' + (i % 8) + '/deep/er';
           fs.mkdirSync(d, { recursive: true }); fs.writeFileSync(d + '/f', 'x');
           fs.rmSync(base + '/t' + ((i + 4) % 8), { recursive: true, force: true }); }`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await new Promise((r) => setTimeout(r, 200));
      const seen = new Set<string>();
      for (let i = 0; i < 400; i++) seen.add(projectFingerprint(root));
      expect([...seen]).toEqual([expected]);
    } finally {
      churn.kill('SIGKILL');
    }
  });
});
