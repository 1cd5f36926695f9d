// Mirrors Kedro's tests/io/test_memory_dataset.py, test_lambda_dataset.py and test_data_catalog.py.
import { describe, expect, it } from 'vitest';
import {
  AbstractDataset,
  DataCatalog,
  DatasetAlreadyExistsError,
  DatasetError,
  DatasetNotFoundError,
  LambdaDataset,
  MemoryDataset,
} from '../../src-main/engine';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

describe('MemoryDataset', () => {
  it('keeps Buffers as Buffers through its copies, nested ones too, and copies them', () => {
    const stored = {
      raw: Buffer.from('hello'),
      parts: [Buffer.from('a')],
      byName: new Map([['k', Buffer.from('v')]]),
      f: new Float64Array([1.5]),
    };
    for (const copyMode of [undefined, 'deepcopy'] as const) {
      const ds = new MemoryDataset<typeof stored>({ copyMode });
      ds.save(stored);
      const loaded = ds.load();
      expect(Buffer.isBuffer(loaded.raw)).toBe(true);
      expect(loaded.raw.toString()).toBe('hello');
      expect(Buffer.isBuffer(loaded.parts[0])).toBe(true);
      expect(Buffer.isBuffer(loaded.byName.get('k'))).toBe(true);
      expect(loaded.f).toBeInstanceOf(Float64Array);
      loaded.raw[0] = 0x4a; // a node that changes what it loaded changes nothing stored
      expect(ds.load().raw.toString()).toBe('hello');
    }
    const copied = new MemoryDataset<Buffer>({ copyMode: 'copy' });
    const buf = Buffer.from('xyz');
    copied.save(buf);
    expect(Buffer.isBuffer(copied.load())).toBe(true);
    expect(copied.load()).not.toBe(buf);
    expect(copied.load().toString()).toBe('xyz');
  });

  it('refuses to load before anything was saved', () => {
    expect(() => new MemoryDataset().load()).toThrow(
      new DatasetError('Data for MemoryDataset has not been saved yet.'),
    );
  });

  it('exists exactly while it holds data; release empties it', () => {
    const ds = new MemoryDataset<number>();
    expect(ds.exists()).toBe(false);
    ds.save(0);
    expect(ds.exists()).toBe(true);
    expect(ds.load()).toBe(0);
    ds.release();
    expect(ds.exists()).toBe(false);
  });

  it('starts with the data it is given', () => {
    expect(new MemoryDataset({ data: [1, 2] }).load()).toEqual([1, 2]);
  });

  it('copies on save and on load by default, so no node sees another one change the data', () => {
    const original = { list: [1, 2], nested: { a: 1 } };
    const ds = new MemoryDataset<typeof original>();
    ds.save(original);
    original.list.push(3);
    const loaded = ds.load();
    expect(loaded).toEqual({ list: [1, 2], nested: { a: 1 } });
    loaded.nested.a = 99;
    expect(ds.load().nested.a).toBe(1);
  });

  it('keeps class instances working: their methods survive a save and a load', () => {
    const ds = new MemoryDataset<Point>();
    ds.save(new Point(3, 4));
    const loaded = ds.load();
    expect(loaded).toBeInstanceOf(Point);
    expect(loaded.norm()).toBe(5);
  });

  it('copies Maps, Sets and Dates', () => {
    const ds = new MemoryDataset<{ m: Map<string, number>; s: Set<number>; d: Date }>();
    const value = { m: new Map([['a', 1]]), s: new Set([1]), d: new Date(0) };
    ds.save(value);
    value.m.set('b', 2);
    const loaded = ds.load();
    expect(loaded.m).toEqual(new Map([['a', 1]]));
    expect(loaded.s).toEqual(new Set([1]));
    expect(loaded.d.getTime()).toBe(0);
  });

  it("'assign' shares the object; 'copy' copies the top level only", () => {
    const value = { inner: { a: 1 } };
    const assign = new MemoryDataset<typeof value>({ copyMode: 'assign' });
    assign.save(value);
    expect(assign.load()).toBe(value);

    const shallow = new MemoryDataset<typeof value>({ copyMode: 'copy' });
    shallow.save(value);
    const loaded = shallow.load();
    expect(loaded).not.toBe(value);
    expect(loaded.inner).toBe(value.inner);
  });

  it("'copy' copies a Map as a Map and keeps a class instance's prototype", () => {
    const map = new MemoryDataset<Map<string, number>>({ copyMode: 'copy' });
    const m = new Map([['a', 1]]);
    map.save(m);
    m.set('b', 2);
    expect(map.load()).toEqual(new Map([['a', 1]]));

    const point = new MemoryDataset<Point>({ copy_mode: 'copy' });
    point.save(new Point(3, 4));
    expect(point.load().norm()).toBe(5);
  });

  it('refuses an unknown copy mode', () => {
    expect(() => new MemoryDataset({ copyMode: 'clone' as never })).toThrow(
      'Invalid copy mode: clone. Possible values are: deepcopy, copy, assign.',
    );
  });

  it('describes the type of what it holds', () => {
    const ds = new MemoryDataset();
    expect(String(ds)).toBe('MemoryDataset()');
    ds.save([1]);
    expect(String(ds)).toBe('MemoryDataset(data=<Array>)');
  });
});

describe('LambdaDataset', () => {
  it('loads, saves, checks and releases through its functions', async () => {
    let stored: unknown = 'initial';
    let released = false;
    const ds = new LambdaDataset({
      load: () => stored,
      save: (v) => {
        stored = v;
      },
      exists: () => stored !== undefined,
      release: () => {
        released = true;
      },
    });
    ds.save(5);
    expect(ds.load()).toBe(5);
    expect(ds.exists()).toBe(true);
    ds.release();
    expect(released).toBe(true);
  });

  it.each(['load', 'save', 'exists', 'release'])('refuses a %s that is not a function', (key) => {
    expect(() => new LambdaDataset({ [key]: 'not callable' })).toThrow(
      `'${key}' function for LambdaDataset must be a function. Object of type 'string' provided instead.`,
    );
  });

  it('refuses to load or save without the function', () => {
    expect(() => new LambdaDataset({ save: () => undefined }).load()).toThrow(
      "Cannot load dataset. No 'load' function provided when LambdaDataset was created.",
    );
    expect(() => new LambdaDataset({ load: () => 1 }).save(1)).toThrow(
      "Cannot save to dataset. No 'save' function provided when LambdaDataset was created.",
    );
  });

  it('without exists or release: does not exist, and releasing does nothing', () => {
    const ds = new LambdaDataset({ load: () => 1 });
    expect(ds.exists()).toBe(false);
    expect(() => ds.release()).not.toThrow();
  });

  it('names its functions when described', () => {
    function loadIt() {
      return 1;
    }
    expect(String(new LambdaDataset({ load: loadIt, save: () => undefined }))).toBe(
      'LambdaDataset(load=loadIt, save=save)',
    );
  });
});

/** A dataset whose every method is async, with configurable failures. */
class AsyncDataset extends AbstractDataset<number> {
  value: number | undefined;
  constructor(private readonly fail: Partial<Record<'load' | 'save' | 'exists' | 'release', Error>> = {}) {
    super();
  }
  async load() {
    if (this.fail.load) throw this.fail.load;
    return this.value!;
  }
  async save(v: number) {
    if (this.fail.save) throw this.fail.save;
    this.value = v;
  }
  async exists() {
    if (this.fail.exists) throw this.fail.exists;
    return this.value !== undefined;
  }
  async release() {
    if (this.fail.release) throw this.fail.release;
    this.value = undefined;
  }
}

describe('DataCatalog', () => {
  it('lists its datasets in the order they were added, optionally filtered', () => {
    const catalog = new DataCatalog({ b: new MemoryDataset(), a: new MemoryDataset() });
    catalog.add('params:x', new MemoryDataset());
    expect(catalog.list()).toEqual(['b', 'a', 'params:x']);
    expect(catalog.list('^params:')).toEqual(['params:x']);
    expect(catalog.list(/^[ab]$/)).toEqual(['b', 'a']);
  });

  it('saves and loads through the named dataset', async () => {
    const catalog = new DataCatalog({ xs: new MemoryDataset() });
    await catalog.save('xs', [1, 2, 3]);
    expect(await catalog.load('xs')).toEqual([1, 2, 3]);
  });

  it('awaits async datasets', async () => {
    const catalog = new DataCatalog({ a: new AsyncDataset() });
    expect(await catalog.exists('a')).toBe(false);
    await catalog.save('a', 7);
    expect(await catalog.exists('a')).toBe(true);
    expect(await catalog.load('a')).toBe(7);
    await catalog.release('a');
    expect(await catalog.exists('a')).toBe(false);
  });

  it('refuses to register a name twice unless told to replace', () => {
    const catalog = new DataCatalog({ a: new MemoryDataset() });
    expect(() => catalog.add('a', new MemoryDataset())).toThrow(
      new DatasetAlreadyExistsError("Dataset 'a' has already been registered"),
    );
    const replacement = new MemoryDataset({ data: 2 });
    catalog.add('a', replacement, true);
    expect(catalog.getDataset('a')).toBe(replacement);
  });

  it('refuses something that is not a dataset', () => {
    expect(() => new DataCatalog().add('a', { load: () => 1 } as never)).toThrow(
      "Dataset 'a' must be an AbstractDataset",
    );
  });

  it('names an unknown dataset, suggesting close names', async () => {
    const catalog = new DataCatalog({ companies: new MemoryDataset() });
    await expect(catalog.load('compnies')).rejects.toThrow(DatasetNotFoundError);
    await expect(catalog.load('compnies')).rejects.toThrow(
      "Dataset 'compnies' not found in the catalog - did you mean one of these instead: companies",
    );
    await expect(catalog.save('other', 1)).rejects.toThrow("Dataset 'other' not found in the catalog");
    await expect(catalog.release('other')).rejects.toThrow(DatasetNotFoundError);
  });

  it('says an unknown dataset does not exist', async () => {
    expect(await new DataCatalog().exists('nothing')).toBe(false);
  });

  it('refuses to save undefined, naming the dataset', async () => {
    const catalog = new DataCatalog({ out: new MemoryDataset() });
    await expect(catalog.save('out', undefined)).rejects.toThrow(
      new DatasetError("Saving 'undefined' to dataset 'out' is not allowed"),
    );
    expect(await catalog.exists('out')).toBe(false);
  });

  it('wraps a failing load or save with the dataset name, keeping the cause', async () => {
    const cause = new Error('disk on fire');
    const catalog = new DataCatalog({
      bad: new AsyncDataset({ load: cause, save: cause, exists: cause, release: cause }),
    });
    const load = catalog.load('bad').catch((e: unknown) => e);
    const error = (await load) as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.message).toBe("Failed while loading data from dataset 'bad' (AsyncDataset()).\ndisk on fire");
    expect(error.cause).toBe(cause);
    await expect(catalog.save('bad', 1)).rejects.toThrow(
      "Failed while saving data to dataset 'bad' (AsyncDataset()).\ndisk on fire",
    );
    await expect(catalog.exists('bad')).rejects.toThrow("Failed during exists check for dataset 'bad'.");
    await expect(catalog.release('bad')).rejects.toThrow("Failed during release for dataset 'bad'.");
  });

  it("names the dataset in a dataset's own error too", async () => {
    const catalog = new DataCatalog({ empty: new MemoryDataset() });
    await expect(catalog.load('empty')).rejects.toThrow(
      /dataset 'empty'.*\nData for MemoryDataset has not been saved yet\./s,
    );
  });

  it('feeds plain values as MemoryDatasets and datasets as they are', async () => {
    const catalog = new DataCatalog();
    const ds = new LambdaDataset({ load: () => 'from lambda' });
    catalog.addFeedDict({ a: 1, b: ds });
    expect(catalog.getDataset('a')).toBeInstanceOf(MemoryDataset);
    expect(await catalog.load('a')).toBe(1);
    expect(catalog.getDataset('b')).toBe(ds);
    expect(() => catalog.addFeedDict({ a: 2 })).toThrow(DatasetAlreadyExistsError);
    catalog.addFeedDict({ a: 2 }, true);
    expect(await catalog.load('a')).toBe(2);
  });

  it('a shallow copy shares datasets but not registrations', async () => {
    const catalog = new DataCatalog({ a: new MemoryDataset({ data: 1 }) });
    const copy = catalog.shallowCopy();
    copy.add('b', new MemoryDataset());
    expect(catalog.list()).toEqual(['a']);
    expect(copy.getDataset('a')).toBe(catalog.getDataset('a'));
  });

  it('resolves names through its resolver on first use, and registers them', async () => {
    const made: string[] = [];
    const catalog = new DataCatalog(
      {},
      {
        resolver: (name) => {
          if (!name.endsWith('_csv')) return undefined;
          made.push(name);
          return new MemoryDataset({ data: name });
        },
      },
    );
    expect(catalog.isRegistered('cars_csv')).toBe(false);
    expect(catalog.has('cars_csv')).toBe(true);
    expect(catalog.has('cars')).toBe(false);
    expect(await catalog.load('cars_csv')).toBe('cars_csv');
    expect(made).toEqual(['cars_csv']);
    expect(catalog.list()).toEqual(['cars_csv']);
  });
});
