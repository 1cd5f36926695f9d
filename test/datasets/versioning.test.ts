import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVDataset, JSONDataset, PickleDataset } from '../../src-main/datasets';
import { timestampVersion } from '../../src-main/engine';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const V1 = '2024-01-01T00.00.00.000Z';
const V2 = '2024-06-01T12.30.00.000Z';

describe('versioned datasets', () => {
  it("saves in Kedro's layout <filepath>/<version>/<file name>", async () => {
    const root = tempDir();
    const ds = new JSONDataset({ filepath: 'data/m.json', root, versioned: true, version: { save: V1 } });
    await ds.save({ a: 1 });
    expect(readdirSync(join(root, 'data/m.json'))).toEqual([V1]);
    expect(readdirSync(join(root, 'data/m.json', V1))).toEqual(['m.json']);
    expect(ds.ioInfo('save')).toMatchObject({ path: join(root, 'data/m.json', V1, 'm.json'), version: V1 });
  });

  it('loads the newest version unless one is pinned, and lists versions newest first', async () => {
    const root = tempDir();
    await new JSONDataset({ filepath: 'm.json', root, versioned: true, version: { save: V1 } }).save('old');
    await new JSONDataset({ filepath: 'm.json', root, versioned: true, version: { save: V2 } }).save('new');
    const latest = new JSONDataset({ filepath: 'm.json', root, versioned: true });
    expect(await latest.load()).toBe('new');
    expect(latest.ioInfo('load')).toMatchObject({ version: V2 });
    expect(latest.versions()).toEqual([V2, V1]);
    const pinned = new JSONDataset({ filepath: 'm.json', root, versioned: true, version: { load: V1 } });
    expect(await pinned.load()).toBe('old');
    expect(pinned.describe()).toEqual({
      filepath: 'm.json',
      save_args: { indent: 2 },
      version: { load: V1, save: null },
    });
  });

  it('refuses to overwrite an existing version', async () => {
    const root = tempDir();
    const ds = new PickleDataset({ filepath: 'v.pickle', root, versioned: true, version: { save: V1 } });
    await ds.save(1);
    await expect(ds.save(2)).rejects.toThrow(
      `Save path 'v.pickle/${V1}/v.pickle' for PickleDataset(filepath=v.pickle, version={"load":null,"save":"${V1}"}) must not exist if versioning is enabled.`,
    );
    expect(await ds.load()).toBe(1);
  });

  it('says when there are no versions, or the pinned one is missing', async () => {
    const root = tempDir();
    const none = new CSVDataset({ filepath: 'r.csv', root, versioned: true });
    expect(none.exists()).toBe(false);
    await expect(none.load()).rejects.toThrow('Did not find any versions for CSVDataset(filepath=r.csv');
    await new CSVDataset({ filepath: 'r.csv', root, versioned: true, version: { save: V1 } }).save([{ a: 1 }]);
    const missing = new CSVDataset({ filepath: 'r.csv', root, versioned: true, version: { load: V2 } });
    await expect(missing.load()).rejects.toThrow(`Version '${V2}' of r.csv not found`);
    expect(missing.exists()).toBe(false);
  });

  it('without a save version, one timestamp version is made on first save and kept', async () => {
    const root = tempDir();
    const before = timestampVersion();
    const ds = new JSONDataset({ filepath: 'x.json', root, versioned: true });
    await ds.save(1);
    const [v] = ds.versions();
    expect(v > before).toBe(true);
    expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d\.\d{3}Z$/);
    await expect(ds.save(2)).rejects.toThrow(/must not exist/);
  });

  it('ignores version folders without the file, and refuses versions that are not folder names', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'x.json', V2), { recursive: true });
    mkdirSync(join(root, 'x.json', V1), { recursive: true });
    writeFileSync(join(root, 'x.json', V1, 'x.json'), '"one"');
    const ds = new JSONDataset({ filepath: 'x.json', root, versioned: true });
    expect(ds.versions()).toEqual([V1]);
    expect(await ds.load()).toBe('one');
    expect(() => new JSONDataset({ filepath: 'x.json', root, versioned: true, version: { load: '../etc' } })).toThrow(
      "Version string '../etc' is not allowed",
    );
  });
});
