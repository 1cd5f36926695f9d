import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVDataset, JSONDataset } from '../../src-main/datasets';
import { DataCatalog, SequentialRunner, node, pipeline, type Hooks } from '../../src-main/engine';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** Counts turns of the event loop: it only moves while no load or save blocks the thread. */
function ticker(): { count: () => number; stop: () => void } {
  let n = 0;
  let on = true;
  const tick = () => {
    n++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { count: () => n, stop: () => (on = false) };
}

/** Records the ticker's count when each dataset load / save begins and ends, through the run's hooks. */
function ioTicks(count: () => number) {
  const seen = { load: new Map<string, [number, number]>(), save: new Map<string, [number, number]>() };
  const hooks: Hooks = {
    beforeDatasetLoaded: ({ datasetName }) => void seen.load.set(datasetName, [count(), -1]),
    afterDatasetLoaded: ({ datasetName }) => void (seen.load.get(datasetName)![1] = count()),
    beforeDatasetSaved: ({ datasetName }) => void seen.save.set(datasetName, [count(), -1]),
    afterDatasetSaved: ({ datasetName }) => void (seen.save.get(datasetName)![1] = count()),
  };
  return { seen, hooks };
}

const rows = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ id: i, tag, text: `row ${i} of ${tag}`, v: i / 7 }));

describe('isAsync with the built-in file datasets', () => {
  it('several large JSON/CSV inputs load at once, and outputs save at once, while the event loop keeps turning', async () => {
    const root = tempDir();
    const n = 20_000; // a few MB per file: read and written in several chunks
    writeFileSync(join(root, 'a.json'), JSON.stringify(rows(n, 'a')));
    writeFileSync(join(root, 'b.json'), JSON.stringify(rows(n, 'b')));
    await new CSVDataset({ filepath: 'c.csv', root }).save(rows(n, 'c'));
    const catalog = new DataCatalog({
      a: new JSONDataset({ filepath: 'a.json', root }),
      b: new JSONDataset({ filepath: 'b.json', root }),
      c: new CSVDataset({ filepath: 'c.csv', root }),
      x: new JSONDataset({ filepath: 'out/x.json', root }),
      y: new JSONDataset({ filepath: 'out/y.json', root }),
      z: new CSVDataset({ filepath: 'out/z.csv', root }),
    });
    const join3 = node(
      (a: unknown[], b: unknown[], c: unknown[]) => ({ x: a, y: b, z: c }),
      ['a', 'b', 'c'],
      { x: 'x', y: 'y', z: 'z' },
      { name: 'join3' },
    );

    const t = ticker();
    const { seen, hooks } = ioTicks(t.count);
    try {
      await new SequentialRunner({ isAsync: true }).run(pipeline([join3]), catalog, { hooks: [hooks] });
    } finally {
      t.stop();
    }

    for (const kind of ['load', 'save'] as const) {
      const spans = [...seen[kind].values()];
      expect(spans).toHaveLength(3);
      // Each load and save let other work run while it was in flight...
      for (const [start, end] of spans)
        expect(end, `${kind} ${JSON.stringify([...seen[kind]])}`).toBeGreaterThan(start);
      // ...and all three were in flight together: every one began before any one ended.
      expect(Math.max(...spans.map((s) => s[0]))).toBeLessThan(Math.min(...spans.map((s) => s[1])));
    }
    expect(await catalog.load('z')).toHaveLength(n);
    expect((await catalog.load('x')) as unknown[]).toEqual(rows(n, 'a'));
  });

  it('a single load or save does not block the thread while the file is read or written', async () => {
    const root = tempDir();
    const ds = new JSONDataset({ filepath: 'big.json', root });
    const t = ticker();
    try {
      const before = t.count();
      await ds.save(rows(20_000, 'big'));
      const saved = t.count();
      expect(saved).toBeGreaterThan(before);
      await ds.load();
      expect(t.count()).toBeGreaterThan(saved);
    } finally {
      t.stop();
    }
  });
});
