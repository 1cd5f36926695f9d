// A custom runner reuses the scheduler and the worker pools instead of starting from nothing.
import { describe, expect, it } from 'vitest';
import {
  PoolRunner,
  RunnerError,
  WorkerPool,
  setWorkerLauncher,
  type DataCatalog,
  type Pipeline,
  type RunContext,
  type WorkerKind,
  type WorkerLauncher,
} from '../../src-main/engine';
import { nodeLauncher } from '../../src-main/workers/node-launcher';
import { threadSpawner } from '../../src-main/workers/spawners';
import { runBasic } from './helpers';

/** A pool runner on threads that adds its own log line. */
class LoggedThreadRunner extends PoolRunner {
  protected get kind(): WorkerKind {
    return 'thread';
  }
  protected _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    this.logger.info(`Running ${pipeline.nodes.length} nodes on threads`);
    return this.runOnPool(pipeline, catalog, ctx);
  }
}

const workersOf = (ran: Awaited<ReturnType<typeof runBasic>>) =>
  new Set(ran.events.flatMap((e) => (e.type === 'node-start' ? [e.worker] : [])));

describe('custom runners', () => {
  it('a PoolRunner subclass names its kind of worker and adds its log line; the host registered the spawner', async () => {
    const ran = await runBasic(new LoggedThreadRunner({ maxWorkers: 2, prestart: true }), 'fan_out_fan_in', { A: 7 });
    expect(ran.result).toEqual({ Z: [7, 7, 7] });
    expect(ran.logs).toContain('Running 5 nodes on threads');
    expect(ran.events.some((e) => e.type === 'node-start' && e.worker.startsWith('thread-'))).toBe(true);
  });

  it('a PoolRunner subclass runs on a pool it was given', async () => {
    const pool = new WorkerPool({ size: 1, spawn: threadSpawner() });
    try {
      const ran = await runBasic(new LoggedThreadRunner({ pool }), 'chain', { a: 1 });
      expect(ran.result).toEqual({ d: 4 });
      expect(workersOf(ran).size).toBe(1);
      expect(pool.isClosed).toBe(false); // a pool given is the caller's to close
    } finally {
      await pool.close();
    }
  });

  it('a runner given its own launcher starts its workers with it', async () => {
    const asked: string[] = [];
    const launcher: WorkerLauncher = {
      spawner: (kind, preload) => {
        asked.push(kind);
        return nodeLauncher.spawner(kind, preload);
      },
    };
    const ran = await runBasic(new LoggedThreadRunner({ maxWorkers: 1, launcher }), 'chain', { a: 1 });
    expect(ran.result).toEqual({ d: 4 });
    expect(asked).toEqual(['thread']);
  });

  it('with no launcher registered, a pool runner fails its run with a clear error', async () => {
    setWorkerLauncher(undefined);
    try {
      const ran = await runBasic(new LoggedThreadRunner({ maxWorkers: 1 }), 'chain', { a: 1 });
      expect(ran.error).toBeInstanceOf(RunnerError);
      expect((ran.error as Error).message).toMatch(
        /LoggedThreadRunner has no way to start workers.*'pool' or a 'launcher'/,
      );
    } finally {
      setWorkerLauncher(nodeLauncher);
    }
  });
});
