import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickleDataset } from '../../src-main/datasets';
import { DataCatalog, DatasetError } from '../../src-main/engine';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

class Frame {
  constructor(readonly rows: number[]) {}
  head(): number[] {
    return this.rows.slice(0, 1);
  }
}

describe('PickleDataset refuses what it cannot give back', () => {
  it('a class instance deep in the value fails naming the dataset, the class and the path, and writes nothing', async () => {
    const root = tempDir();
    const ds = new PickleDataset({ filepath: 'data/model.pickle', root });
    const value = { a: { b: [1, 2, 3, new Frame([1])] } };
    const err = await ds.save(value).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(
      /^PickleDataset 'data\/model.pickle' cannot save an instance of class Frame \(at path a\.b\[3\]\): its methods would be lost/,
    );
    expect(existsSync(join(root, 'data'))).toBe(false);

    const catalog = new DataCatalog({ model: ds });
    await expect(catalog.save('model', new Frame([1]))).rejects.toThrow(
      /dataset 'model'[\s\S]*cannot save an instance of class Frame \(the value itself\)/,
    );
    await expect(ds.save({ m: new Map([['k', { s: new Set([new Frame([])]) }]]) })).rejects.toThrow(
      'class Frame (at path m.get("k").s<item 0>)',
    );
  });

  it('plain data and built-in clonable types still round-trip', async () => {
    const ds = new PickleDataset({ filepath: 'v.pickle', root: tempDir() });
    const bare = Object.assign(Object.create(null), { x: 1 });
    const value = {
      bare,
      when: new Date(5),
      re: /a+/g,
      err: new RangeError('out'),
      bytes: Buffer.from('hi'),
      floats: new Float32Array([1.5]),
      view: new DataView(new ArrayBuffer(2)),
      nested: [new Map([[1, new Set(['x'])]])],
      boxed: Object(7),
    };
    await ds.save(value);
    const back = (await ds.load()) as typeof value;
    expect(back.when).toEqual(new Date(5));
    expect(back.re.source).toBe('a+');
    expect(back.err).toBeInstanceOf(RangeError);
    expect(Buffer.from(back.bytes).toString()).toBe('hi');
    expect(back.nested[0].get(1)).toEqual(new Set(['x']));
    expect({ ...back.bare }).toEqual({ x: 1 });
  });
});
