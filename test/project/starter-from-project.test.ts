import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, STARTERS_DIR } from '../../src-main/project/new-project';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'pw-starter-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A starters folder whose `flights` starter points at `project`. */
function starters(pointer: unknown): string {
  const dir = join(scratch, 'starters');
  mkdirSync(join(dir, 'flights'), { recursive: true });
  cpSync(join(STARTERS_DIR, 'default'), join(dir, 'default'), { recursive: true });
  writeFileSync(join(dir, 'flights', 'starter.json'), typeof pointer === 'string' ? pointer : JSON.stringify(pointer));
  return dir;
}

describe('a starter that points at a project', () => {
  it("copies what the project's author wrote, not what its runs and machine added", () => {
    const project = join(scratch, 'example');
    const files: Record<string, string> = {
      'conf/base/catalog.yml': 'a: { type: MemoryDataset }\n',
      'conf/local/.gitkeep': '',
      'conf/local/credentials.yml': 'secret: { password: hunter2 }\n',
      'data/01_raw/in.csv': 'x\n1\n',
      'data/02_intermediate/.gitkeep': '',
      'data/02_intermediate/out.parquet': 'written by a run',
      'data/06_models/m.pickle/2024-01-01T00.00.00.000Z/m.pickle': 'a version',
      '.pipewright/history.sqlite': 'runs',
      'tsconfig.json': '{}',
      '.gitignore': 'mine\n',
      'src/pipeline_registry.ts': 'export const registerPipelines = () => ({});\n',
      'README.md': '# example\n\nAbout it.\n',
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(project, f, '..'), { recursive: true });
      writeFileSync(join(project, f), text);
    }
    const dir = createProject({
      parent: scratch,
      name: 'mine',
      starter: 'flights',
      startersDir: starters({ project: '../../example', add: { '.gitignore': '../default/_gitignore' } }),
    });
    for (const f of ['conf/base/catalog.yml', 'conf/local/.gitkeep', 'data/01_raw/in.csv', 'src/pipeline_registry.ts'])
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(files[f]);
    for (const f of [
      'conf/local/credentials.yml',
      'data/02_intermediate/out.parquet',
      'data/06_models/m.pickle',
      '.pipewright/history.sqlite',
    ])
      expect(existsSync(join(dir, f)), f).toBe(false);
    expect(existsSync(join(dir, 'data/08_reporting/.gitkeep'))).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(
      readFileSync(join(STARTERS_DIR, 'default', '_gitignore'), 'utf8'),
    );
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# mine\n\nAbout it.\n');
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions).toBeDefined();
  });

  it('a broken pointer is an error naming the starter file, and creates nothing', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{ not json', /starter\.json is not valid JSON/],
      [{}, /starter\.json needs "project"/],
      [{ project: '../../nowhere' }, /names '.*nowhere', which is not a project/],
      [{ project: '../default', add: { x: '../default/missing.yml' } }, /"add" names a missing file for 'x'/],
    ];
    for (const [pointer, message] of cases) {
      const startersDir = starters(pointer);
      expect(() => createProject({ parent: scratch, name: 'broken', starter: 'flights', startersDir })).toThrow(
        message,
      );
      expect(existsSync(join(scratch, 'broken'))).toBe(false);
      rmSync(startersDir, { recursive: true });
    }
  });
});
