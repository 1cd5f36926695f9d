import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { basicProject, nodeEnds, overlaps, runBasic } from './helpers';
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

  it('runs CPU-bound nodes on two cores at once', async () => {
    const ran = await runBasic(new ThreadRunner({ maxWorkers: 2 }), 'cpu', { ms0: 400, ms1: 400, ms2: 400, ms3: 400 });
    expect(ran.error).toBeUndefined();
    const probes = ran.result!.probes as Probe[];
    expect(new Set(probes.map((p) => p.threadId)).size).toBe(2);
    const pairs = probes.flatMap((a, i) => probes.slice(i + 1).filter((b) => a.threadId !== b.threadId && overlaps(a, b)));
    expect(pairs.length).toBeGreaterThan(0);
  });

  it('runs more async nodes at once than it has threads: a thread waits on many', async () => {
    const feed = Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [`w${i}`, i]));
    const ran = await runBasic(new ThreadRunner({ maxWorkers: 6 }), 'io', feed);
    expect(ran.error).toBeUndefined();
    expect(ran.events[0]).toMatchObject({ type: 'run-start', maxWorkers: 6 });
    const probes = ran.result!.waits as Probe[];
    expect(probes.every((p) => !p.isMainThread)).toBe(true);
    const threads = new Set(probes.map((p) => p.threadId));
    expect(threads.size).toBeLessThanOrEqual(availableParallelism());
    expect(probes.every((a) => probes.every((b) => a === b || overlaps(a, b)))).toBe(true);
  });
});
