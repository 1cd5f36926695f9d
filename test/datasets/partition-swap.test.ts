import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionedDataset } from '../../src-main/datasets';
import { sweepStaleTempFiles } from '../../src-main/datasets/temp-sweep';
import { kill, startWriter, stopWhile } from './writer-process';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** The partition set `tag`, as test/fixtures/dataset-writers/writer.cjs saves it. */
function partitionSet(tag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < 30; i++) out[`${tag}${String(i).padStart(2, '0')}`] = { set: tag, fill: 'x'.repeat(100_000) };
  return out;
}
const idsOf = (tag: string) => Object.keys(partitionSet(tag)).map((id) => `${id}.json`);
const parts = (root: string) =>
  new PartitionedDataset({
    path: 'data/parts',
    dataset: 'JSONDataset',
    filename_suffix: '.json',
    overwrite: true,
    root,
  });

/** The set the folder holds, checked to be exactly one whole set. */
function wholeSet(root: string): string {
  const files = listFiles(join(root, 'data/parts'));
  const tag = files[0]?.[0];
  expect(files).toEqual(idsOf(tag));
  for (const f of files) expect(JSON.parse(readFileSync(join(root, 'data/parts', f), 'utf8')).set).toBe(tag);
  return tag;
}

describe('PartitionedDataset with overwrite: true replaces the whole set at once', () => {
  it('a save that throws midway leaves exactly the old set, and no hidden folder', async () => {
    const root = tempDir();
    await parts(root).save(partitionSet('a'));
    const failing = { ...partitionSet('b'), b15: () => Promise.reject(new Error('model exploded')) };
    await expect(parts(root).save(failing)).rejects.toThrow(
      "Failed to save partition 'b15' of 'data/parts': model exploded",
    );
    expect(wholeSet(root)).toBe('a');
    expect(readdirSync(join(root, 'data'))).toEqual(['parts']);
    await parts(root).save(partitionSet('b'));
    expect(wholeSet(root)).toBe('b');
    expect(readdirSync(join(root, 'data'))).toEqual(['parts']);
  });

  it.each([
    ['while the new set is written or swapped in', 'new'],
    ['while the old set is moved aside or removed', 'old'],
  ])('a writer killed %s leaves the old or the new set, whole once recovered', async (_when, kind) => {
    const root = tempDir();
    await parts(root).save(partitionSet('a'));
    const writer = startWriter(['partitions', root]);
    await writer.ready;
    await stopWhile(writer, join(root, 'data'), (name) => name.startsWith('.parts.') && name.endsWith(`.${kind}`));
    await kill(writer);
    if (existsSync(join(root, 'data/parts'))) wholeSet(root); // never a mix, even before recovery
    expect(readdirSync(join(root, 'data')).some((n) => n.startsWith('.parts.'))).toBe(true);
    // The next reader (or the next run's sweep) finishes or undoes the swap.
    expect(parts(root).partitionIds()).toHaveLength(30);
    expect(['a', 'b']).toContain(wholeSet(root));
    expect(readdirSync(join(root, 'data'))).toEqual(['parts']);
  });

  it("recovery: a dead writer's complete new set replaces a missing folder; a lone unfinished one is dropped", async () => {
    const root = tempDir();
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stem = (n: string) => join(root, 'data', `.parts.${deadPid}-s1.${n}`);
    // Moved aside, new set complete, not yet renamed in: the new set wins.
    await parts(join(root, 'x')).save(partitionSet('b')); // a complete set to use as the new folder
    mkdirSync(stem('0000000a.old'), { recursive: true });
    writeFileSync(join(stem('0000000a.old'), 'a00.json'), '{"set":"a"}');
    mkdirSync(join(root, 'data'), { recursive: true });
    renameSync(join(root, 'x/data/parts'), stem('0000000a.new'));
    // A second, unfinished write by the same dead process: dropped.
    mkdirSync(stem('0000000b.new'));
    writeFileSync(join(stem('0000000b.new'), 'a00.json'), '{"set":"half"}');

    expect(await sweepStaleTempFiles(root)).toEqual([join(root, 'data/parts')]);
    expect(wholeSet(root)).toBe('b');
    expect(readdirSync(join(root, 'data'))).toEqual(['parts']);
  });
});
