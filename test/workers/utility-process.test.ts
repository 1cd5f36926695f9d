// The Electron glue without Electron: a fake `utilityProcess` whose children run the real worker
// core in this process, talking through a fake parentPort of Electron's shape ({ data } events).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src-main/engine/pool/worker-pool';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { utilityPort, type UtilityParentPort } from '../../src-main/workers/hosts';
import { utilityProcessSpawner, type UtilityChild, type UtilityProcessApi } from '../../src-main/workers/spawners';
import { WorkerCore } from '../../src-main/workers/worker-core';
import { loadProjectFromRef } from '../../src-main/project/load-project';
import { nodeEnds, runBasic } from '../runner/helpers';

let nextPid = 90_000;

class FakeUtilityChild extends EventEmitter implements UtilityChild {
  pid: number | undefined = undefined;
  readonly seen: unknown[] = [];
  private readonly port = new EventEmitter();

  constructor(readonly modulePath: string) {
    super();
    const parentPort: UtilityParentPort = {
      postMessage: (m) => setImmediate(() => this.emit('message', structuredClone(m))),
      on: (event, handler) => this.port.on(event, handler),
    };
    setImmediate(() => {
      this.pid = nextPid++;
      this.emit('spawn');
      new WorkerCore(utilityPort(parentPort), loadProjectFromRef).start();
    });
  }

  postMessage(message: unknown): void {
    this.seen.push(message);
    // Electron delivers `{ data }` to process.parentPort listeners in the child.
    setImmediate(() => this.port.emit('message', { data: structuredClone(message) }));
  }

  kill(): boolean {
    setImmediate(() => this.emit('exit', 15));
    return true;
  }
}

describe('the utility-process adapter', () => {
  it('wraps and unwraps Electron message shapes', () => {
    const posted: unknown[] = [];
    const handlers: Array<(e: { data: unknown }) => void> = [];
    const port = utilityPort({ postMessage: (m) => posted.push(m), on: (_e, h) => handlers.push(h) });
    const got: unknown[] = [];
    port.onMessage((m) => got.push(m));
    handlers[0]({ data: { type: 'shutdown' } });
    port.post({ type: 'ready', pid: 1 });
    expect(got).toEqual([{ type: 'shutdown' }]);
    expect(posted).toEqual([{ type: 'ready', pid: 1 }]);
    expect(port.canTransfer).toBe(false);
  });

  it('runs a pipeline on a warm pool of (fake) utility processes injected by the app', async () => {
    const children: FakeUtilityChild[] = [];
    const utilityProcess: UtilityProcessApi = {
      fork: (modulePath) => {
        const child = new FakeUtilityChild(modulePath);
        children.push(child);
        return child;
      },
    };
    const pool = new WorkerPool({ size: 2, spawn: utilityProcessSpawner(utilityProcess, '/app/out/main/worker.js') });
    await pool.ready();
    try {
      const ran = await runBasic(new ParallelRunner({ pool }), 'fan_out_fan_in', { A: 42 });
      expect(ran.error).toBeUndefined();
      expect(ran.result).toEqual({ Z: [42, 42, 42] });
      expect(children.map((c) => c.modulePath)).toEqual(['/app/out/main/worker.js', '/app/out/main/worker.js']);
      const workers = new Set(ran.events.flatMap((e) => (e.type === 'node-start' ? [e.worker] : [])));
      expect([...workers].every((w) => /^process-9\d{4}$/.test(w))).toBe(true);
      // Warm: a second run reuses the same two children.
      const again = await runBasic(new ParallelRunner({ pool }), 'chain', { a: 1 });
      expect(again.result).toEqual({ d: 4 });
      expect(children).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('a utility process that exits fails its node, and the pool forks a replacement', async () => {
    const children: FakeUtilityChild[] = [];
    const pool = new WorkerPool({
      size: 1,
      spawn: utilityProcessSpawner({ fork: (p) => (children.push(new FakeUtilityChild(p)), children.at(-1)!) }, 'w.js'),
    });
    await pool.ready();
    try {
      const run = runBasic(
        new ParallelRunner({ pool }),
        'hangs',
        { a: 1, b: 2 },
        {
          onEvent: (e) => {
            if (e.type === 'node-start' && e.node === 'hang_a') setTimeout(() => children[0].emit('exit', 9), 20);
          },
        },
      );
      const ran = await run;
      expect((ran.error as Error).message).toMatch(
        /worker process 9\d{4} exited with code 9 while running node hang_a/,
      );
      expect(nodeEnds(ran.events).hang_a).toBe('failed');
      expect(children.length).toBeGreaterThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });
});

describe('a worker module that cannot start', () => {
  it('fails runs with the reason instead of respawning forever', async () => {
    let forks = 0;
    const broken: UtilityProcessApi = {
      fork: () => {
        forks++;
        const child = new EventEmitter() as EventEmitter & UtilityChild;
        Object.assign(child, { pid: 1, postMessage: () => undefined, kill: () => true });
        setImmediate(() => child.emit('exit', 70));
        return child;
      },
    };
    const pool = new WorkerPool({ size: 1, spawn: utilityProcessSpawner(broken, 'missing.js') });
    await expect(pool.ready()).rejects.toThrow(/exited before it was ready \(code 70/);
    await new Promise((r) => setTimeout(r, 50));
    expect(forks).toBe(3);
    const ran = await runBasic(new ParallelRunner({ pool }), 'chain', { a: 1 });
    expect((ran.error as Error).message).toMatch(/exited before it was ready/);
    await pool.close();
  });
});
