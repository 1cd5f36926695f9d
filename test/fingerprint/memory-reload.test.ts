// A --changed run that skips the producer of a memory dataset a re-run node needs: the value is
// read back from the store (the producer does not run), and the result is that of a full run.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipewright, removeDir, writeProject } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** make → made (memory: a Map, kept as it is) → use (params:k) → result (JSON); make appends to calls.log. */
function memoryProject(made = 'new Map([["a", [1, 2]], ["b", [3]]])'): string {
  const dir = writeProject({
    'conf/base/catalog.yml': 'result: { type: JSONDataset, filepath: data/result.json }\n',
    'conf/base/parameters.yml': 'k: 2\n',
    'conf/base/pipewright.yml': 'objects:\n  keep_memory: true\n',
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { make, use } from './nodes';
export function registerPipelines() {
  return {
    __default__: pipeline([
      node(make, [], 'made', { name: 'make' }),
      node(use, ['made', 'params:k'], 'result', { name: 'use' }),
    ]),
  };
}
`,
  });
  writeFileSync(
    join(dir, 'src/nodes.ts'),
    `import { appendFileSync } from 'node:fs';
export class Box { constructor(readonly items: number[]) {} }
export const make = () => {
  appendFileSync(${JSON.stringify(join(dir, 'calls.log'))}, 'make\\n');
  return ${made};
};
const entries = (m: unknown): Array<[string, number[]]> =>
  m instanceof Map ? [...m.entries()] : [['box', (m as Box).items]];
export const use = (m: unknown, k: number) => Object.fromEntries(entries(m).map(([key, xs]) => [key, xs.map((x) => x * k)]));
`,
  );
  dirs.push(dir);
  return dir;
}

async function run(dir: string, args: string[] = []) {
  const r = await pipewright(['run', '--project', dir, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { runId: string; nodes: Array<{ name: string }> };
  return { runId: doc.runId, ran: doc.nodes.map((n) => n.name), log: r.stderr };
}

const calls = (dir: string) => readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean).length;
const result = (dir: string) => JSON.parse(readFileSync(join(dir, 'data/result.json'), 'utf8'));

describe('run --changed with a memory dataset between two nodes', () => {
  it("reloads the skipped producer's value from the store: the producer does not run", async () => {
    const dir = memoryProject();
    const first = await run(dir);
    expect(calls(dir)).toBe(1);

    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'k: 5\n');
    const changed = await run(dir, ['--changed']);
    expect(changed.ran).toEqual(['use']);
    expect(calls(dir)).toBe(1);
    expect(changed.log).toContain(`Loaded 'made' from the store (run ${first.runId})`);
    expect(changed.log).toContain("Re-running node 'use': parameter 'k' changed");
    const viaStore = result(dir);

    // The same as a full run makes.
    await run(dir);
    expect(calls(dir)).toBe(2);
    expect(result(dir)).toEqual(viaStore);
    expect(viaStore).toEqual({ a: [5, 10], b: [15] });

    // What the reloaded run recorded matches: nothing is stale afterwards.
    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'k: 3\n');
    expect((await run(dir, ['--changed'])).ran).toEqual(['use']);
    const again = await run(dir, ['--changed']);
    expect(again.ran, again.log).toEqual([]);
    expect(calls(dir)).toBe(2);
  });

  for (const runner of [['--parallel'], ['--runner', 'ThreadRunner']]) {
    it(`with ${runner.join(' ')} (nodes in workers): the value is kept and reloaded as well`, async () => {
      const dir = memoryProject();
      const first = await run(dir, runner);
      expect(calls(dir)).toBe(1);
      writeFileSync(join(dir, 'conf/base/parameters.yml'), 'k: 5\n');
      const changed = await run(dir, ['--changed', ...runner]);
      expect(changed.ran).toEqual(['use']);
      expect(calls(dir)).toBe(1);
      expect(changed.log).toContain(`Loaded 'made' from the store (run ${first.runId})`);
      expect(result(dir)).toEqual({ a: [5, 10], b: [15] });
    });
  }

  it('runs the producer again when its value cannot be kept (a class instance) or was evicted', async () => {
    const dir = memoryProject('new Box([1, 2])');
    await run(dir);
    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'k: 5\n');
    const changed = await run(dir, ['--changed']);
    expect(changed.ran).toEqual(['make', 'use']);
    expect(changed.log).toContain("Re-running node 'make': produces memory dataset 'made' needed by re-run node 'use'");
    expect(result(dir)).toEqual({ box: [5, 10] });
    expect(calls(dir)).toBe(2);

    // A store too small for any value keeps none.
    const small = memoryProject();
    writeFileSync(join(small, 'conf/base/pipewright.yml'), 'objects:\n  keep_memory: true\n  max_object_size: 4\n');
    await run(small);
    writeFileSync(join(small, 'conf/base/parameters.yml'), 'k: 5\n');
    expect((await run(small, ['--changed'])).ran).toEqual(['make', 'use']);
    expect(result(small)).toEqual({ a: [5, 10], b: [15] });
  });

  it('keeps no memory value unless the project asks (objects.keep_memory): the producer runs again', async () => {
    const dir = memoryProject();
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  max_size: 1GB\n');
    await run(dir);
    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'k: 5\n');
    const changed = await run(dir, ['--changed']);
    expect(changed.ran).toEqual(['make', 'use']);
    expect(calls(dir)).toBe(2);
    expect(result(dir)).toEqual({ a: [5, 10], b: [15] });
    const values = readdirSync(join(dir, '.pipewright/objects'), { recursive: true, encoding: 'utf8' });
    expect(values.filter((f) => f.endsWith('.v8'))).toEqual([]);
  });
});
