// c of kedro-bench.md: 8 CPU-bound nodes of ~0.5 s, 2 workers; speed-up over sequential, pool start included.
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { busy } from './projects/runner-bench/src/nodes';
import { REPS, benchProject, fmt, repeat, writeResult } from './lib/measure';

export async function run(): Promise<void> {
  const project = await benchProject();
  const t = performance.now();
  busy(10_000_000);
  const nsPerIter = ((performance.now() - t) * 1e6) / 10_000_000;
  const n = Math.round(500e6 / nsPerIter); // ~0.5 s per node here
  console.log(`cpu_wide: busy(${n}) ≈ 0.5 s (${nsPerIter.toFixed(2)} ns per iteration)`);
  const once = (make: () => AbstractRunner) => async () => {
    const catalog = project.createCatalog();
    for (let i = 0; i < 8; i++) catalog.add(`n${i}`, new MemoryDataset({ data: n }));
    const start = performance.now();
    await make().run(project.pipelines.cpu_wide, catalog, { pipelineName: 'cpu_wide', project: project.ref() });
    return performance.now() - start;
  };
  const seq = await repeat(REPS, once(() => new SequentialRunner()), 0);
  const par = await repeat(REPS, once(() => new ParallelRunner({ maxWorkers: 2 })), 0);
  const thr = await repeat(REPS, once(() => new ThreadRunner({ maxWorkers: 2 })), 0);
  const figures = {
    iterations: n,
    sequentialMs: seq,
    parallel2Ms: par,
    thread2Ms: thr,
    speedupParallel: seq.median / par.median,
    speedupThread: seq.median / thr.median,
  };
  console.log(`  SequentialRunner     ${fmt(seq)}`);
  console.log(`  ParallelRunner(2)    ${fmt(par)}  speed-up ${figures.speedupParallel.toFixed(2)}x (pool start included)`);
  console.log(`  ThreadRunner(2)      ${fmt(thr)}  speed-up ${figures.speedupThread.toFixed(2)}x (pool start included)`);
  writeResult('cpu_wide', figures);
}
