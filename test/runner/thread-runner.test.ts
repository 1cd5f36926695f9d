import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { dataDir, runBasic } from './helpers';
import type { Probe } from '../fixtures/runner-projects/basic/src/nodes';

describe('ThreadRunner', () => {
  it('runs nodes on worker threads, asserted from inside the node', async () => {
    expect(isMainThread).toBe(true);
    const ran = await runBasic(new ThreadRunner({ maxWorkers: 2 }), 'where', { x: 41 });
    expect(ran.error).toBeUndefined();
    const probe = ran.result!.where_out as Probe;
    expect(probe.isMainThread).toBe(false);
    expect(probe.pid).toBe(process.pid);
    expect(probe.value).toBe(41);
    expect(ran.result!.y).toBe(42);
    const starts = ran.events.filter((e) => e.type === 'node-start');
    expect(starts.every((e) => e.type === 'node-start' && /^thread-\d+$/.test(e.worker))).toBe(true);
  });

  it('runs CPU-bound nodes on two threads at once', async () => {
    // Two nodes that never yield each wait, spinning, for the other to arrive: both arrive only
    // if they run at the same time on two threads.
    const ran = await runBasic(new ThreadRunner({ maxWorkers: 2 }), 'meet', { meet_dir: dataDir() });
    expect(ran.error).toBeUndefined();
    const probes = [ran.result!.m0_probe, ran.result!.m1_probe] as Array<Probe & { met: boolean }>;
    expect(probes.map((p) => p.met)).toEqual([true, true]);
    expect(probes.every((p) => !p.isMainThread && p.pid === process.pid)).toBe(true);
    expect(probes[0].threadId).not.toBe(probes[1].threadId);
  });

  it('runs more async nodes at once than it has threads: a thread waits on many', async () => {
    // Six async nodes each wait until all six have started: they all meet only if all six run at
    // once, on no more threads than the cores (the pool's size).
    const ran = await runBasic(new ThreadRunner({ maxWorkers: 6 }), 'gather', { gather_dir: dataDir() });
    expect(ran.error).toBeUndefined();
    expect(ran.events[0]).toMatchObject({ type: 'run-start', maxWorkers: 6 });
    const probes = [0, 1, 2, 3, 4, 5].map((i) => ran.result![`g${i}_probe`]) as Array<Probe & { met: boolean }>;
    expect(probes.every((p) => p.met && !p.isMainThread)).toBe(true);
    const threads = new Set(probes.map((p) => p.threadId));
    expect(threads.size).toBeLessThanOrEqual(availableParallelism());
  });
});
