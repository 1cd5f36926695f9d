// a/b of kedro-bench.md: per-node cost of SequentialRunner on chains and wide pipelines.
import { DataCatalog, MemoryDataset, SequentialRunner, node, pipeline, type Pipeline } from '../src-main/engine';
import { REPS, fmt, repeat, writeResult } from './lib/measure';

const identity = <T>(x: T): T => x;
const SIZES = (process.env.BENCH_SIZES ?? '100,300,1000,3000,10000').split(',').map(Number);

function chain(n: number): { p: Pipeline; catalog: () => DataCatalog } {
  const p = pipeline(Array.from({ length: n }, (_, i) => node(identity, `d${i}`, `d${i + 1}`, { name: `n${i}` })));
  return { p, catalog: () => new DataCatalog({ d0: new MemoryDataset({ data: 1 }) }) };
}

function wide(n: number): { p: Pipeline; catalog: () => DataCatalog } {
  const p = pipeline(Array.from({ length: n }, (_, i) => node(identity, `in${i}`, `out${i}`, { name: `w${i}` })));
  return {
    p,
    catalog: () => {
      const c = new DataCatalog();
      for (let i = 0; i < n; i++) c.add(`in${i}`, new MemoryDataset({ data: i }));
      return c;
    },
  };
}

export async function run(): Promise<void> {
  const figures: Record<string, unknown> = {};
  console.log('sequential: µs per node, run() only (median of %d, min–max)', REPS);
  for (const [shape, build] of [
    ['chain', chain],
    ['wide', wide],
  ] as const) {
    for (const n of SIZES) {
      const { p, catalog } = build(n);
      for (const mode of ['quiet', 'listener'] as const) {
        let events = 0;
        const onEvent = mode === 'listener' ? () => void events++ : undefined;
        const s = await repeat(REPS, async () => {
          const c = catalog();
          const t = performance.now();
          await new SequentialRunner().run(p, c, { onEvent });
          return ((performance.now() - t) * 1000) / n;
        });
        figures[`${shape}${n}_${mode}`] = {
          usPerNode: s,
          nodes: n,
          eventsPerRun: mode === 'listener' ? events / (REPS + 1) : 0,
        };
        console.log(`  ${shape}${n} ${mode.padEnd(8)} ${fmt(s, 'µs')}`);
      }
    }
  }
  writeResult('sequential', figures);
}
