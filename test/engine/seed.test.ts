import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DataCatalog, LambdaDataset, MemoryDataset, SequentialRunner, node, pipeline } from '../../src-main/engine';

// The seed's variance pipeline: mean, mean of squares, variance.
const len = (xs: number[]) => xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[], n: number) => sum(xs) / n;
const meanSos = (xs: number[], n: number) => sum(xs.map((x) => x * x)) / n;
const variance = (m: number, m2: number) => m2 - m * m;

const variancePipeline = () =>
  pipeline([
    node(len, 'xs', 'n'),
    node(mean, ['xs', 'n'], 'm', { name: 'mean_node' }),
    node(meanSos, ['xs', 'n'], 'm2', { name: 'mean_sos' }),
    node(variance, ['m', 'm2'], 'v', { name: 'variance_node' }),
  ]);

describe('the seed: run a pipeline with IO', () => {
  it('lists the catalog and returns the free output v', async () => {
    const io = new DataCatalog({ xs: new MemoryDataset() });
    expect(io.list()).toEqual(['xs']);
    await io.save('xs', [1, 2, 3]);
    const result = await new SequentialRunner().run(variancePipeline(), io);
    expect(Object.keys(result)).toEqual(['v']);
    expect(result.v).toBeCloseTo(0.666666666666667, 12);
  });

  it('returns {} once v is registered with a LambdaDataset that writes a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-seed-'));
    const file = join(dir, 'variance.pickle');
    try {
      const pickler = new LambdaDataset({
        save: (value: unknown) => writeFileSync(file, serialize(value)),
        load: () => deserialize(readFileSync(file)),
      });
      const io = new DataCatalog({ xs: new MemoryDataset() });
      await io.save('xs', [1, 2, 3]);
      io.add('v', pickler);
      await io.save('v', 5);
      expect(await io.load('v')).toBe(5);
      const result = await new SequentialRunner().run(variancePipeline(), io);
      expect(result).toEqual({});
      expect(existsSync(file)).toBe(true);
      expect(await io.load('v')).toBeCloseTo(0.666666666666667, 12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
