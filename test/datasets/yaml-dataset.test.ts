import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YAMLDataset } from '../../src-main/datasets';
import { lookupBuiltInType } from '../../src-main/datasets/registry';
import { aq } from '../../src-main/table';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('yaml.YAMLDataset', () => {
  it("is found by Kedro's names", () => {
    for (const name of ['yaml.YAMLDataset', 'kedro_datasets.yaml.YAMLDataset', 'YAMLDataset', 'yaml.YAMLDataSet'])
      expect(lookupBuiltInType(name), name).toBe(YAMLDataset);
  });

  it('saves a value as YAML (sorted keys on request) and loads it back', async () => {
    const root = tempDir();
    const value = { model: { layers: [64, 32], name: 'mlp' }, active: true, rate: 0.5, note: null };
    const ds = new YAMLDataset({ filepath: 'conf.yml', root, save_args: { sort_keys: true } });
    await ds.save(value);
    expect(readFileSync(join(root, 'conf.yml'), 'utf8')).toBe(
      'active: true\nmodel:\n  layers:\n    - 64\n    - 32\n  name: mlp\nnote: null\nrate: 0.5\n',
    );
    expect(await ds.load()).toEqual(value);
  });

  it('refuses a table and bad YAML, naming the file', async () => {
    const root = tempDir();
    const ds = new YAMLDataset({ filepath: 'x.yml', root });
    await expect(ds.save(aq.table({ a: [1] }))).rejects.toThrow(/x\.yml.*YAMLDataset saves YAML values/);
    writeFileSync(join(root, 'x.yml'), 'a: [1, 2\n');
    await expect(ds.load()).rejects.toThrow(/Failed to load x\.yml: invalid YAML/);
  });
});
