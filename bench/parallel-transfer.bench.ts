// f of kedro-bench.md: 100 MiB passed between two nodes, producer end to consumer start; a 100 MiB
// table (two float64 columns) beside the typed array and the Buffer. A plain 100 MiB copy in this
// process is timed first and last, as the machine's yardstick: under other load it slows as the
// transfers do.
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { REPS, benchProject, fmt, repeat, stat, writeResult } from './lib/measure';

export async function run(): Promise<void> {
  const project = await benchProject();
  const once = (make: () => AbstractRunner, kind: string) => async () => {
    const catalog = project.createCatalog();
    catalog.add('kind', new MemoryDataset({ data: kind }));
    const out = await make().run(project.pipelines.parallel_transfer, catalog, {
      pipelineName: 'parallel_transfer',
      project: project.ref(),
    });
    if (out.nbytes !== 100 * 1024 * 1024) throw new Error(`consumer got ${String(out.nbytes)} bytes`);
    return (out.t_consumed as number) - (out.t_produced as number);
  };
  const figures: Record<string, unknown> = {};
  const source = Buffer.alloc(100 * 1024 * 1024, 7);
  const copies: number[] = [];
  const memcpy = async () => {
    const s = await repeat(REPS, async () => {
      const start = performance.now();
      Buffer.from(source);
      return performance.now() - start;
    });
    copies.push(...s.samples);
    return s;
  };
  const runners: Array<[string, () => AbstractRunner]> = [
    ['sequential', () => new SequentialRunner()],
    ['thread2', () => new ThreadRunner({ maxWorkers: 2 })],
    ['parallel2', () => new ParallelRunner({ maxWorkers: 2 })],
  ];
  console.log(`  memcpy 100 MiB       ${fmt(await memcpy())}`);
  for (const kind of ['float64', 'buffer', 'table']) {
    for (const [name, make] of runners) {
      const s = await repeat(REPS, once(make, kind));
      figures[`${name}_${kind}Ms`] = s;
      figures[`${name}_${kind}GBps`] = (100 * 1024 * 1024) / (s.median / 1000) / 1e9;
      console.log(
        `  ${`${name} ${kind}`.padEnd(20)} ${fmt(s)}  ${(figures[`${name}_${kind}GBps`] as number).toFixed(2)} GB/s`,
      );
    }
  }
  const yardstick = await memcpy();
  console.log(`  memcpy 100 MiB       ${fmt(yardstick)} (at the end)`);
  figures.memcpyMs = stat(copies);
  writeResult('parallel_transfer', figures);
}
