import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVDataset, JSONDataset, PartitionedDataset } from '../../src-main/datasets';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('PartitionedDataset', () => {
  it('loads a record from partition id (path under the folder, no suffix) to a loader', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'data/parts/2024'), { recursive: true });
    writeFileSync(join(root, 'data/parts/a.csv'), 'x\n1\n');
    writeFileSync(join(root, 'data/parts/2024/b.csv'), 'x\n2\n');
    writeFileSync(join(root, 'data/parts/notes.txt'), 'ignored');
    const ds = new PartitionedDataset({ path: 'data/parts', dataset: 'CSVDataset', filename_suffix: '.csv', root });
    const parts = ds.load();
    expect(Object.keys(parts)).toEqual(['2024/b', 'a']);
    expect(await parts.a()).toEqual([{ x: 1 }]);
    expect(await parts['2024/b']()).toEqual([{ x: 2 }]);
    expect(ds.exists()).toBe(true);
  });

  it('passes the entry object to each partition, and accepts Kedro spellings', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'p'));
    writeFileSync(join(root, 'p/one.csv'), 'zip\n007\n');
    const ds = new PartitionedDataset({
      path: 'p',
      dataset: { type: 'pandas.CSVDataSet', load_args: { cast: false, as: 'records' } },
      root,
    });
    expect(await ds.load()['one.csv']()).toEqual([{ zip: '007' }]);
  });

  it('saves a record of id to data, including lazy (async) values, each file atomically', async () => {
    const root = tempDir();
    const ds = new PartitionedDataset({ path: 'out', dataset: JSONDataset, filename_suffix: '.json', root });
    await ds.save({ a: [1], 'sub/b': () => ({ lazy: true }), c: async () => 'async' });
    expect(listFiles(join(root, 'out'))).toEqual(['a.json', 'c.json', 'sub/b.json']);
    expect(JSON.parse(readFileSync(join(root, 'out/sub/b.json'), 'utf8'))).toEqual({ lazy: true });
    const loaded = ds.load();
    expect(await loaded.c()).toBe('async');
  });

  it('overwrite: true removes old partitions first', async () => {
    const root = tempDir();
    const keep = new PartitionedDataset({ path: 'o', dataset: 'JSONDataset', root });
    await keep.save({ old: 1 });
    await new PartitionedDataset({ path: 'o', dataset: 'JSONDataset', root, overwrite: true }).save({ new: 2 });
    expect(listFiles(join(root, 'o'))).toEqual(['new']);
  });

  it('errors: no partitions, bad ids, unknown type, versioning', async () => {
    const root = tempDir();
    const ds = new PartitionedDataset({ path: 'empty', dataset: CSVDataset, filename_suffix: '.csv', root });
    expect(ds.exists()).toBe(false);
    expect(() => ds.load()).toThrow("No partitions found in 'empty' (with suffix '.csv')");
    await expect(ds.save({ '../x': [] })).rejects.toThrow("'../x' is not a valid partition id");
    expect(() => new PartitionedDataset({ path: 'p', dataset: 'HDFDataset', root })).toThrow(
      /Unknown dataset type 'HDFDataset'.*Known types: CSVDataset/,
    );
    expect(() => new PartitionedDataset({ path: 'p', dataset: 'CSVDataset', root, versioned: true })).toThrow(
      'does not support versioning',
    );
  });
});
