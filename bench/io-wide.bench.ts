// d of kedro-bench.md: 16 nodes each waiting 100 ms on I/O; ThreadRunner with 4 and 16 workers.
import { Worker } from 'node:worker_threads';
import { MemoryDataset, SequentialRunner, ThreadRunner, WorkerPool, type AbstractRunner } from '../src-main/engine';
import { threadSpawner } from '../src-main/workers/spawners';
import { workerModule } from '../src-main/workers/worker-module';
import { REPS, benchProject, fmt, repeat, repeatCliShaped, writeResult } from './lib/measure';

const HOST_WORK_MS = 50;

function bareThreadsWaiting(count: number, ms: number) {
  const code = `setTimeout(() => require('node:worker_threads').parentPort.postMessage(0), ${ms})`;
  return async () => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: count }, () => {
        const worker = new Worker(code, { eval: true });
        return new Promise<void>((resolve) =>
          worker.once('message', () => void worker.terminate().then(() => resolve())),
        );
      }),
    );
    return performance.now() - start;
  };
}

export async function run(): Promise<void> {
  const project = await benchProject();
  const once = (make: () => AbstractRunner) => async () => {
    const catalog = project.createCatalog();
    for (let i = 0; i < 16; i++) catalog.add(`in${i}`, new MemoryDataset({ data: i }));
    const start = performance.now();
    await make().run(project.pipelines.io_wide, catalog, { pipelineName: 'io_wide', project: project.ref() });
    return performance.now() - start;
  };
  const figures: Record<string, unknown> = {};
  figures.sequentialMs = await repeat(
    REPS,
    once(() => new SequentialRunner()),
    0,
  );
  figures.thread4ColdMs = await repeat(
    REPS,
    once(() => new ThreadRunner({ maxWorkers: 4 })),
    0,
  );
  figures.thread16ColdMs = await repeat(
    REPS,
    once(() => new ThreadRunner({ maxWorkers: 16 })),
    0,
  );
  // Workers started by the constructor (`prestart`, as the CLI's runners do): constructor + run(),
  // and run() alone called HOST_WORK_MS after the constructor (the host's own work meanwhile).
  figures.thread16PrestartColdMs = await repeat(
    REPS,
    once(() => new ThreadRunner({ maxWorkers: 16, prestart: true })),
    0,
  );
  figures.hostWorkMs = HOST_WORK_MS;
  figures.thread16RunAfterPrestartMs = await repeat(
    REPS,
    async () => {
      const runner = new ThreadRunner({ maxWorkers: 16, prestart: true });
      await new Promise((r) => setTimeout(r, HOST_WORK_MS));
      return once(() => runner)();
    },
    0,
  );
  // As the CLI runs it: workers start, and load the project, while the host loads it.
  const cli = await repeatCliShaped(REPS, 'io_wide_params', 'ThreadRunner', 16);
  figures.thread16CliRunMs = cli.runMs;
  figures.thread16CliTotalMs = cli.totalMs;
  // The floor for any pool started by the run: two bare Node worker threads started at once, each
  // waiting 100 ms and answering (no engine, no project).
  figures.bareThread1Wait100Ms = await repeat(REPS, bareThreadsWaiting(1, 100));
  figures.bareThreads2Wait100Ms = await repeat(REPS, bareThreadsWaiting(2, 100));
  for (const size of [4, 16]) {
    const pool = new WorkerPool({ size, spawn: threadSpawner(await workerModule()) });
    await pool.ready();
    pool.preload(project.ref());
    figures[`thread${size}WarmMs`] = await repeat(
      REPS,
      once(() => new ThreadRunner({ maxWorkers: size, pool })),
      1,
    );
    await pool.close();
  }
  for (const [k, v] of Object.entries(figures))
    console.log(`  ${k.padEnd(26)} ${typeof v === 'number' ? `${v} ms` : fmt(v as never)}`);
  // A pool never starts more threads than cores (two here): two bare threads are its floor.
  const m = (k: string) => (figures[k] as { median: number }).median.toFixed(1);
  console.log(
    `  ThreadRunner(16), pool started by the run: ${m('thread16ColdMs')} ms | bare threads ${m('bareThreads2Wait100Ms')} ms`,
  );
  writeResult('io_wide', figures);
}
