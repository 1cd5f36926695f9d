// f of kedro-bench.md: 100 MiB passed between two nodes, producer end to consumer start; a 100 MiB
// table (two float64 columns) beside the typed array and the Buffer.
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { REPS, benchProject, fmt, repeat, writeResult } from './lib/measure';

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
  const runners: Array<[string, () => AbstractRunner]> = [
    ['sequential', () => new SequentialRunner()],
    ['thread2', () => new ThreadRunner({ maxWorkers: 2 })],
    ['parallel2', () => new ParallelRunner({ maxWorkers: 2 })],
  ];
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
  writeResult('parallel_transfer', figures);
}
