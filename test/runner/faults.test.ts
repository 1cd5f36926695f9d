import { describe, expect, it } from 'vitest';
import { RunCancelledError } from '../../src-main/engine';
import { WorkerPool } from '../../src-main/engine/pool/worker-pool';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { childProcessSpawner, threadSpawner } from '../../src-main/workers/spawners';
import { nodeEnds, runBasic } from './helpers';
import type { RunEvent } from '../../src-shared/run-events';
import type { Probe } from '../fixtures/runner-projects/basic/src/nodes';

const runners = {
  ThreadRunner: (pool?: WorkerPool) => new ThreadRunner({ maxWorkers: 2, pool }),
  ParallelRunner: (pool?: WorkerPool) => new ParallelRunner({ maxWorkers: 2, pool }),
};
const spawners = { ThreadRunner: threadSpawner, ParallelRunner: childProcessSpawner };

const errorOf = (events: RunEvent[], node: string) =>
  events.find((e) => e.type === 'node-end' && e.node === node && e.error)?.type === 'node-end'
    ? (events.find((e) => e.type === 'node-end' && e.node === node) as Extract<RunEvent, { type: 'node-end' }>).error
        ?.message
    : undefined;

describe.each(Object.keys(runners) as Array<keyof typeof runners>)('%s faults', (name) => {
  const make = runners[name];

  it('a node that throws: the running node finishes, nothing new starts, resume is suggested', async () => {
    const ran = await runBasic(make(), 'faults', { a: 1 });
    expect((ran.error as Error).message).toContain('boom from inside the node');
    expect(nodeEnds(ran.events)).toEqual({ slow_ok: 'done', throws: 'failed', after_throws: 'skipped' });
    expect(ran.logs.join('\n')).toContain('--from-nodes "throws"');
    const end = ran.events.find((e) => e.type === 'run-end');
    expect(end).toMatchObject({ status: 'failed', resumeFrom: ['throws'] });
  });

  it('a worker that calls process.exit fails its node with a message that says so; the pool replaces it', async () => {
    const pool = new WorkerPool({ size: 2, spawn: spawners[name]() });
    try {
      const ran = await runBasic(make(pool), 'exits', { a: 1 });
      const kind = name === 'ThreadRunner' ? 'worker thread' : 'worker process';
      expect((ran.error as Error).message).toMatch(
        new RegExp(`${kind} \\d+ exited with code 3 while running node exits`),
      );
      expect(nodeEnds(ran.events)).toEqual({ exits: 'failed', after_exit: 'skipped' });
      const again = await runBasic(make(pool), 'where', { x: 1 });
      expect(again.error).toBeUndefined();
      expect(again.result!.y).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('an output that cannot be cloned fails the node, naming the dataset', async () => {
    const fn = await runBasic(make(), 'unclonable_fn', { a: 1 });
    expect((fn.error as Error).message).toMatch(/Dataset 'fn_out' holds a function/);
    const cls = await runBasic(make(), 'unclonable_cls', { a: 1 });
    expect((cls.error as Error).message).toMatch(/Dataset 'point' holds an instance of Point/);
  });

  it('an input that cannot be cloned fails the node, naming the dataset', async () => {
    const ran = await runBasic(make(), 'where', { x: () => 1 });
    expect((ran.error as Error).message).toMatch(/Dataset 'x' holds a function/);
  });

  it('cancellation stops running workers: cancelled, skipped and failed stay distinct', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const ran = await runBasic(
      make(),
      'hangs',
      { a: 1, b: 2 },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'node-start' && e.node === 'hang_a') setTimeout(() => controller.abort(), 50);
        },
      },
    );
    expect(ran.error).toBeInstanceOf(RunCancelledError);
    expect(Date.now() - started).toBeLessThan(10_000);
    const ends = nodeEnds(ran.events);
    expect(ends.hang_a).toBe('cancelled');
    expect(ends.after_hang).toBe('skipped');
    expect(['cancelled', 'done']).toContain(ends.short_b);
    expect(ran.events.find((e) => e.type === 'run-end')).toMatchObject({ status: 'cancelled' });
  });
});

describe('ParallelRunner: a worker killed with SIGKILL mid-node', () => {
  it('fails that node with the signal in the message and the run does not hang', async () => {
    const pool = new WorkerPool({ size: 2, spawn: childProcessSpawner() });
    try {
      const ran = await runBasic(
        new ParallelRunner({ maxWorkers: 2, pool }),
        'hangs',
        { a: 1, b: 2 },
        {
          onEvent: (e) => {
            if (e.type === 'node-start' && e.node === 'hang_a')
              setTimeout(() => process.kill(Number(e.worker.replace('process-', '')), 'SIGKILL'), 100);
          },
        },
      );
      expect((ran.error as Error).message).toMatch(
        /worker process \d+ exited with signal SIGKILL while running node hang_a/,
      );
      expect(errorOf(ran.events, 'hang_a')).toMatch(/SIGKILL/);
      expect(nodeEnds(ran.events)).toEqual({ hang_a: 'failed', short_b: 'done', after_hang: 'skipped' });
      const again = await runBasic(new ParallelRunner({ maxWorkers: 2, pool }), 'where', { x: 1 });
      expect(again.result!.y).toBe(2);
    } finally {
      await pool.close();
    }
  });
});

describe.each(Object.keys(runners) as Array<keyof typeof runners>)(
  '%s: cancelling one of two runs on a shared warm pool',
  (name) => {
    it("cancels that run only: the other run's nodes on the same worker finish, then the worker is replaced", async () => {
      const pool = new WorkerPool({ size: 1, spawn: spawners[name]() });
      try {
        const controller = new AbortController();
        let other: ReturnType<typeof runBasic> | undefined;
        const cancelled = runBasic(
          runners[name](pool),
          'hangs',
          { a: 1, b: 2 },
          {
            signal: controller.signal,
            onEvent: (e) => {
              if (e.type !== 'node-start' || e.node !== 'hang_a' || other) return;
              // A second run on the same one-worker pool; cancel the first once its node runs there too.
              other = runBasic(
                runners[name](pool),
                'io',
                { w0: 0, w1: 1, w2: 2, w3: 3, w4: 4, w5: 5 },
                {
                  onEvent: (o) => {
                    if (o.type === 'node-start' && o.node === 'wait0') setTimeout(() => controller.abort(), 20);
                  },
                },
              );
            },
          },
        );
        const first = await cancelled;
        expect(first.error).toBeInstanceOf(RunCancelledError);
        expect(nodeEnds(first.events).hang_a).toBe('cancelled');

        const second = await other!;
        expect(second.error).toBeUndefined();
        expect(second.events.find((e) => e.type === 'run-end')).toMatchObject({ status: 'success' });
        const probes = second.result!.waits as Probe[];
        expect(probes.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5]);

        // The worker still held the cancelled node: once the other run was done it was replaced.
        const third = await runBasic(runners[name](pool), 'where', { x: 1 });
        expect(third.error).toBeUndefined();
        const where = third.result!.where_out as Probe;
        const before = probes[0];
        expect(name === 'ThreadRunner' ? where.threadId : where.pid).not.toBe(
          name === 'ThreadRunner' ? before.threadId : before.pid,
        );
      } finally {
        await pool.close();
      }
    });
  },
);
