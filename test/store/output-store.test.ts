// The store of past outputs, through the CLI: a past run's output as it was written (not today's
// file), deduplication, the budget and eviction, outputs too large to keep, folders and tables.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectStore, readStoreConfig } from '../../src-main/store';
import { pipewright, removeDir } from '../cli/cli-helpers';
import { storeProject } from './store-project';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

async function run(dir: string, args: string[] = []): Promise<string> {
  const r = await pipewright(['run', '--project', dir, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { runId: string }).runId;
}

const show = (dir: string, runId: string, ...args: string[]) =>
  pipewright(['show', runId, '--project', dir, '--output', ...args]);

const objectCount = (dir: string) => new ObjectStore(dir, readStoreConfig(dir)).list().length;

describe('pipewright show RUN_ID --output NAME', () => {
  it("prints a past run's output as that run wrote it, not the file as it is today", async () => {
    const dir = storeProject();
    dirs.push(dir);
    const first = await run(dir);
    const afterFirst = objectCount(dir);
    expect(afterFirst).toBe(4);
    const second = await run(dir, ['--params', 'factor=3']);
    // 'same' was saved again unchanged: it costs no new object.
    expect(objectCount(dir)).toBe(afterFirst + 3);

    expect(JSON.parse(readFileSync(join(dir, 'data/summary.json'), 'utf8'))).toEqual({ total: 30 });
    const old = await show(dir, first, 'summary');
    expect(old.code, old.stderr).toBe(0);
    expect(JSON.parse(old.stdout)).toEqual({ total: 20 });
    expect(JSON.parse((await show(dir, second, 'summary')).stdout)).toEqual({ total: 30 });

    const table = await show(dir, first, 'table');
    expect(table.stdout).toBe('name,score\nann,2\nbob,4\n');
    const parts = await show(dir, first, 'parts');
    expect(parts.stdout).toMatch(/^a\.json\t\d+ bytes\nb\.json\t\d+ bytes\n$/);

    const restored = join(dir, 'restored');
    const r = await show(dir, first, 'parts', '--to', restored);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(restored).sort()).toEqual(['a.json', 'b.json']);
    expect(JSON.parse(readFileSync(join(restored, 'b.json'), 'utf8'))).toEqual({ v: 3 });
    await show(dir, first, 'table', '--to', join(dir, 'rows.json'));
    expect(JSON.parse(readFileSync(join(dir, 'rows.json'), 'utf8'))).toEqual([
      { name: 'ann', score: 2 },
      { name: 'bob', score: 4 },
    ]);

    const unknown = await show(dir, first, 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `Run ${first} saved no output named 'nope'. It saved: parts, same, summary, table.`,
    );
  });

  it('says plainly when an output was evicted or too large to keep, with its fingerprint', async () => {
    const dir = storeProject();
    dirs.push(dir);
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  max_size: 1MB\n  max_object_size: 20\n');
    const first = await run(dir);
    const big = await show(dir, first, 'table');
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /Output 'table' of run \S+ was too large to keep \(fingerprint [0-9a-f]{16}, \d+ bytes, 2 rows\)/,
    );
    expect(JSON.parse((await show(dir, first, 'same')).stdout)).toBe(1);

    // A smaller budget: gc evicts the oldest objects first.
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  max_size: 60\n');
    await run(dir, ['--params', 'factor=5']);
    const gc = await pipewright(['gc', '--project', dir]);
    expect(gc.code, gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/^Removed \d+ object\(s\)/);
    const store = new ObjectStore(dir, readStoreConfig(dir));
    expect(store.list().reduce((a, o) => a + o.bytes, 0)).toBeLessThanOrEqual(60);
    const evicted = await show(dir, first, 'summary');
    expect(evicted.code).toBe(2);
    expect(evicted.stderr).toMatch(
      /Output 'summary' of run \S+ is no longer kept: it was evicted from .pipewright\/objects \(fingerprint [0-9a-f]{16}, \d+ bytes\)/,
    );
  });

  it('a bad budget is an error naming the file and the key', async () => {
    const dir = storeProject();
    dirs.push(dir);
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  max_size: lots\n');
    expect(() => readStoreConfig(dir)).toThrow(
      'conf/base/pipewright.yml: objects.max_size must be a size such as 2GB, 500MB or a number of bytes, got "lots".',
    );
    const r = await pipewright(['gc', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('objects.max_size must be a size');
    expect(existsSync(join(dir, '.pipewright/objects'))).toBe(false);
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  keep_memory: yes please\n');
    expect(() => readStoreConfig(dir)).toThrow(
      'conf/base/pipewright.yml: objects.keep_memory must be true or false, got "yes please".',
    );
  });
});
