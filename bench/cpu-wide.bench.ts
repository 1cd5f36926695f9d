// c of kedro-bench.md: 8 CPU-bound nodes of ~0.5 s, 2 workers; speed-up over sequential, pool start included.
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { busy } from './projects/runner-bench/src/nodes';
import { REPS, benchProject, fmt, stat, writeResult } from './lib/measure';

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
  // Interleaved, so that load from other processes hits the three runners alike; the speed-up is
  // the median of each repetition's own ratio.
  const seqS: number[] = [];
  const parS: number[] = [];
  const thrS: number[] = [];
  for (let r = 0; r < REPS; r++) {
    seqS.push(await once(() => new SequentialRunner())());
    parS.push(await once(() => new ParallelRunner({ maxWorkers: 2 }))());
    thrS.push(await once(() => new ThreadRunner({ maxWorkers: 2 }))());
  }
  const seq = stat(seqS);
  const par = stat(parS);
  const thr = stat(thrS);
  const figures = {
    iterations: n,
    nsPerIteration: nsPerIter,
    sequentialMs: seq,
    parallel2Ms: par,
    thread2Ms: thr,
    speedupParallel: stat(seqS.map((x, i) => x / parS[i])),
    speedupThread: stat(seqS.map((x, i) => x / thrS[i])),
  };
  console.log(`  SequentialRunner     ${fmt(seq)}`);
  console.log(`  ParallelRunner(2)    ${fmt(par)}  speed-up ${fmt(figures.speedupParallel, 'x', 2)} (pool start included)`);
  console.log(`  ThreadRunner(2)      ${fmt(thr)}  speed-up ${fmt(figures.speedupThread, 'x', 2)} (pool start included)`);
  writeResult('cpu_wide', figures);
}
