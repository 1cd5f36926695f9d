import { describe, expect, it } from 'vitest';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { dataDir, nodeEnds, runBasic } from './helpers';
import type { Probe } from '../fixtures/runner-projects/basic/src/nodes';

describe('ParallelRunner', () => {
  it('runs nodes in other processes, asserted from inside the node', async () => {
    const ran = await runBasic(new ParallelRunner({ maxWorkers: 2 }), 'where', { x: 41 });
    expect(ran.error).toBeUndefined();
    const probe = ran.result!.where_out as Probe;
    expect(probe.pid).not.toBe(process.pid);
    expect(probe.isMainThread).toBe(true);
    expect(ran.result!.y).toBe(42);
    const starts = ran.events.filter((e) => e.type === 'node-start');
    expect(starts.map((e) => e.type === 'node-start' && e.worker)).toContain(`process-${probe.pid}`);
  });

  it('runs CPU-bound nodes in two processes at once', async () => {
    // As for ThreadRunner: two nodes that never yield meet only if they run at the same time.
    const ran = await runBasic(new ParallelRunner({ maxWorkers: 2 }), 'meet', { meet_dir: dataDir() });
    expect(ran.error).toBeUndefined();
    const probes = [ran.result!.m0_probe, ran.result!.m1_probe] as Array<Probe & { met: boolean }>;
    expect(probes.map((p) => p.met)).toEqual([true, true]);
    expect(probes[0].pid).not.toBe(probes[1].pid);
    expect(probes.every((p) => p.pid !== process.pid)).toBe(true);
    expect(nodeEnds(ran.events)).toEqual({ m0: 'done', m1: 'done' });
  });

  it('moves 4 MiB typed arrays and Buffers between processes, keeping their types', async () => {
    for (const kind of ['float64', 'buffer']) {
      const ran = await runBasic(new ParallelRunner({ maxWorkers: 2 }), 'big', { kind });
      expect(ran.error).toBeUndefined();
      expect(ran.result!.what).toBe(kind === 'buffer' ? 'Buffer' : 'Float64Array');
      expect(ran.result!.nbytes).toBe(4 << 20);
    }
  });
});
