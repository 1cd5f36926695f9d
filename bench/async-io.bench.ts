// e of kedro-bench.md: one node, 8 inputs and 8 outputs whose load and save each take 100 ms.
import { AbstractDataset, SequentialRunner, ThreadRunner, WorkerPool, type AbstractRunner } from '../src-main/engine';
import { threadSpawner } from '../src-main/workers/spawners';
import { workerModule } from '../src-main/workers/worker-module';
import { REPS, benchProject, fmt, repeat, writeResult } from './lib/measure';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class SlowDataset extends AbstractDataset<number> {
  constructor(private value = 0) {
    super();
  }
  async load() {
    await sleep(100);
    return this.value;
  }
  async save(v: number) {
    await sleep(100);
    this.value = v;
  }
}

export async function run(): Promise<void> {
  const project = await benchProject();
  const once = (make: () => AbstractRunner) => async () => {
    const catalog = project.createCatalog();
    for (let i = 0; i < 8; i++) {
      catalog.add(`a${i}`, new SlowDataset(i));
      catalog.add(`b${i}`, new SlowDataset());
    }
    const start = performance.now();
    await make().run(project.pipelines.async_io, catalog, { pipelineName: 'async_io', project: project.ref() });
    return performance.now() - start;
  };
  const pool = new WorkerPool({ size: 1, spawn: threadSpawner(await workerModule()) });
  await pool.ready();
  pool.preload(project.ref());
  const figures = {
    sequentialSyncMs: await repeat(
      REPS,
      once(() => new SequentialRunner()),
    ),
    sequentialAsyncMs: await repeat(
      REPS,
      once(() => new SequentialRunner({ isAsync: true })),
    ),
    threadAsyncWarmMs: await repeat(
      REPS,
      once(() => new ThreadRunner({ isAsync: true, pool })),
    ),
  };
  await pool.close();
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(18)} ${fmt(v)}`);
  writeResult('async_io', figures);
}
