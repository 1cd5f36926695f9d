// A custom runner reuses the scheduler and the worker pools instead of starting from nothing.
import { describe, expect, it } from 'vitest';
import {
  AbstractRunner,
  PoolRunner,
  RemoteExecutor,
  WorkerPool,
  type DataCatalog,
  type Pipeline,
  type RunContext,
  type SpawnWorker,
} from '../../src-main/engine';
import { threadSpawner, type SpawnOptions } from '../../src-main/workers/spawners';
import { runBasic } from './helpers';

/** A pool runner on threads that adds its own log line. */
class LoggedThreadRunner extends PoolRunner {
  protected readonly target = 'a worker thread';
  protected spawner(worker: SpawnOptions): SpawnWorker {
    return threadSpawner(worker);
  }
  protected _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    this.logger.info(`Running ${pipeline.nodes.length} nodes on threads`);
    return this.runOnPool(pipeline, catalog, ctx);
  }
}

/** Built on AbstractRunner alone: its own pool, the shared scheduler, the remote executor. */
class OneWorkerRunner extends AbstractRunner {
  constructor(private readonly pool: WorkerPool) {
    super({});
  }
  protected async _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    const executor = new RemoteExecutor({ pool: this.pool, capacity: 1, pipeline, project: ctx.project!, target: 'a worker thread' }, ctx.hooks);
    try {
      await this.schedule(pipeline, catalog, ctx, executor);
    } finally {
      await executor.finish(catalog);
    }
  }
}

describe('custom runners', () => {
  it('a PoolRunner subclass brings its own spawner and log line', async () => {
    const ran = await runBasic(new LoggedThreadRunner({ maxWorkers: 2 }), 'fan_out_fan_in', { A: 7 });
    expect(ran.result).toEqual({ Z: [7, 7, 7] });
    expect(ran.logs).toContain('Running 5 nodes on threads');
    expect(ran.events.some((e) => e.type === 'node-start' && e.worker.startsWith('thread-'))).toBe(true);
  });

  it('an AbstractRunner subclass schedules on a pool it was given', async () => {
    const pool = new WorkerPool({ size: 1, spawn: threadSpawner() });
    try {
      const ran = await runBasic(new OneWorkerRunner(pool), 'chain', { a: 1 });
      expect(ran.result).toEqual({ d: 4 });
      const workers = new Set(ran.events.flatMap((e) => (e.type === 'node-start' ? [e.worker] : [])));
      expect(workers.size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
