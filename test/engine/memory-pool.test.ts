// The scheduler and the pool with in-memory workers: the engine needs no thread or process to run
// a pool runner, only a launcher. Each in-memory worker runs the real worker body (WorkerCore) on
// a pair of ports that clone every message, as a thread's would.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src-shared/run-events';
import {
  DataCatalog,
  ThreadRunner,
  node,
  pipeline,
  type Pipeline,
  type WorkerExit,
  type WorkerHandle,
  type WorkerLauncher,
} from '../../src-main/engine';
import type { FromWorker, ToWorker, WorkerPort } from '../../src-main/engine/pool/protocol';
import type { Project } from '../../src-main/project/types';
import { WorkerCore } from '../../src-main/workers/worker-core';

/** A launcher of in-memory workers over `pipelines`; a worker given node `crashOn` exits instead of running it. */
function memoryLauncher(pipelines: Record<string, Pipeline>, crashOn?: string): WorkerLauncher & { spawned: string[] } {
  const project = { pipelines, createCatalog: () => new DataCatalog() } as unknown as Project;
  const spawned: string[] = [];
  return {
    spawned,
    spawner: (kind) => () => {
      const id = `thread-m${spawned.length + 1}`;
      spawned.push(id);
      const toPool: Array<(m: FromWorker) => void> = [];
      const toWorker: Array<(m: ToWorker) => void> = [];
      const exits: Array<(e: WorkerExit) => void> = [];
      let dead = false;
      const exit = (code: number) => {
        if (dead) return;
        dead = true;
        setImmediate(() => exits.forEach((h) => h({ code, signal: null })));
      };
      const port: WorkerPort = {
        canTransfer: false,
        post: (m) => setImmediate(() => !dead && toPool.forEach((h) => h(structuredClone(m)))),
        onMessage: (h) => toWorker.push(h),
      };
      const core = new WorkerCore(port, async () => project);
      setImmediate(() => core.start());
      const handle: WorkerHandle = {
        id,
        kind,
        canTransfer: false,
        send: (m) => {
          if (m.type === 'shutdown') return exit(0);
          if (m.type === 'task' && m.task.node === crashOn) return exit(1);
          setImmediate(() => !dead && toWorker.forEach((h) => h(structuredClone(m))));
        },
        onMessage: (h) => toPool.push(h),
        onExit: (h) => exits.push(h),
        kill: () => exit(137),
      };
      return handle;
    },
  };
}

const double = (x: number) => x * 2;
const sum = (...xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fanOut = () =>
  pipeline([
    node(double, 'a', 'b1', { name: 'b1' }),
    node(double, 'a', 'b2', { name: 'b2' }),
    node(double, 'a', 'b3', { name: 'b3' }),
    node(sum, ['b1', 'b2', 'b3'], 'total', { name: 'total' }),
  ]);

async function run(launcher: WorkerLauncher, p: Pipeline) {
  const catalog = new DataCatalog();
  catalog.addFeedDict({ a: 5 });
  const events: RunEvent[] = [];
  const runner = new ThreadRunner({ maxWorkers: 2, launcher });
  try {
    const result = await runner.run(p, catalog, {
      pipelineName: 'p',
      project: { root: '/in-memory' },
      onEvent: (e) => events.push(e),
    });
    return { result, events };
  } catch (error) {
    return { error: error as Error, events };
  }
}

describe('a pool runner on in-memory workers', () => {
  it('schedules every node on the launched workers, with the log lines and events of the worker body', async () => {
    const launcher = memoryLauncher({ p: fanOut() });
    const { result, events, error } = await run(launcher, fanOut());
    expect(error).toBeUndefined();
    expect(result).toEqual({ total: 30 });
    expect(launcher.spawned).toEqual(['thread-m1', 'thread-m2']);
    const starts = events.flatMap((e) => (e.type === 'node-start' ? [e.worker] : []));
    expect(starts).toHaveLength(4);
    expect(new Set(starts)).toEqual(new Set(['thread-m1', 'thread-m2']));
    const logs = events.flatMap((e) => (e.type === 'log' && e.node ? [`${e.node}: ${e.message}`] : []));
    expect(logs).toContain('total: Running node: total: sum([b1;b2;b3]) -> [total]');
  });

  it('a worker that dies while running a node fails the run, naming the worker and the node', async () => {
    const p = pipeline([node(double, 'a', 'b', { name: 'ok' }), node(double, 'b', 'c', { name: 'boom' })]);
    const { error, events } = await run(memoryLauncher({ p }, 'boom'), p);
    expect(error?.message).toMatch(/^worker thread m\d exited with code 1 while running node boom$/);
    expect(events.some((e) => e.type === 'node-end' && e.node === 'ok' && e.status === 'done')).toBe(true);
  });
});
