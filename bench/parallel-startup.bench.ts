// g of kedro-bench.md: 2 trivial independent nodes; cold pool, and dispatch on a warm pool.
import type { RunEvent } from '../src-shared/run-events';
import {
  MemoryDataset,
  ParallelRunner,
  SequentialRunner,
  ThreadRunner,
  WorkerPool,
  type AbstractRunner,
} from '../src-main/engine';
import { childProcessSpawner } from '../src-main/workers/spawners';
import { workerModule } from '../src-main/workers/worker-module';
import { REPS, benchProject, fmt, repeat, repeatCliShaped, stat, writeResult } from './lib/measure';

const HOST_WORK_MS = 50;
// Cold start-ups vary much more from one to the next than warm runs: 15 samples (at least) for their medians.
const COLD_REPS = Math.max(REPS, 15);

export async function run(): Promise<void> {
  const project = await benchProject();
  const roundTrips: number[] = [];
  const once = (make: () => AbstractRunner) => async () => {
    const catalog = project.createCatalog();
    catalog.add('a', new MemoryDataset({ data: 1 }));
    catalog.add('b', new MemoryDataset({ data: 2 }));
    const startedAt = new Map<string, number>();
    const onEvent = (e: RunEvent) => {
      if (e.type === 'node-start') startedAt.set(e.node, performance.now());
      if (e.type === 'node-end') roundTrips.push(performance.now() - startedAt.get(e.node)!);
    };
    const start = performance.now();
    await make().run(project.pipelines.parallel_startup, catalog, {
      pipelineName: 'parallel_startup',
      project: project.ref(),
      onEvent,
    });
    return performance.now() - start;
  };
  // A runner built with `prestart` (as the CLI's createRunner builds them) starts its workers in
  // its constructor; the CLI builds the catalog and opens the run history before run(). Timed:
  // run() alone, called HOST_WORK_MS after the constructor (the host's own work meanwhile).
  const afterPrestart = (make: () => AbstractRunner) => async () => {
    const runner = make();
    await new Promise((r) => setTimeout(r, HOST_WORK_MS));
    return once(() => runner)();
  };
  const figures: Record<string, unknown> = {
    sequentialMs: await repeat(
      REPS,
      once(() => new SequentialRunner()),
    ),
    thread2ColdMs: await repeat(
      COLD_REPS,
      once(() => new ThreadRunner({ maxWorkers: 2 })),
      0,
    ),
    parallel2ColdMs: await repeat(
      COLD_REPS,
      once(() => new ParallelRunner({ maxWorkers: 2 })),
      0,
    ),
    parallel2PrestartColdMs: await repeat(
      COLD_REPS,
      once(() => new ParallelRunner({ maxWorkers: 2, prestart: true })),
      0,
    ),
    hostWorkMs: HOST_WORK_MS,
    parallel2RunAfterPrestartMs: await repeat(
      COLD_REPS,
      afterPrestart(() => new ParallelRunner({ maxWorkers: 2, prestart: true })),
      0,
    ),
    thread2RunAfterPrestartMs: await repeat(
      COLD_REPS,
      afterPrestart(() => new ThreadRunner({ maxWorkers: 2, prestart: true })),
      0,
    ),
  };
  // As the CLI runs it: workers start, and load the project, while the host loads it.
  const cli = await repeatCliShaped(COLD_REPS, 'parallel_startup_params', 'ParallelRunner', 2);
  figures.parallel2CliRunMs = cli.runMs;
  figures.parallel2CliTotalMs = cli.totalMs;
  const pool = new WorkerPool({ size: 2, spawn: childProcessSpawner(await workerModule()) });
  let t = performance.now();
  await pool.ready();
  figures.poolReadyMs = performance.now() - t;
  t = performance.now();
  pool.preload(project.ref());
  await once(() => new ParallelRunner({ pool }))();
  figures.firstRunAfterReadyMs = performance.now() - t;
  roundTrips.length = 0;
  figures.parallel2WarmMs = await repeat(
    REPS,
    once(() => new ParallelRunner({ pool })),
    1,
  );
  figures.warmNodeRoundTripMs = stat(roundTrips.slice(2));
  await pool.close();
  for (const [k, v] of Object.entries(figures))
    console.log(`  ${k.padEnd(28)} ${typeof v === 'number' ? `${v.toFixed(1)} ms` : fmt(v as never, 'ms', 2)}`);
  writeResult('parallel_startup', figures);
}
