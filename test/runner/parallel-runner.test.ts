import { describe, expect, it } from 'vitest';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { nodeEnds, overlaps, runBasic } from './helpers';
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

  it('runs CPU-bound nodes on two cores at once', async () => {
    const ran = await runBasic(new ParallelRunner({ maxWorkers: 2 }), 'cpu', { ms0: 400, ms1: 400, ms2: 400, ms3: 400 });
    expect(ran.error).toBeUndefined();
    const probes = ran.result!.probes as Probe[];
    expect(new Set(probes.map((p) => p.pid)).size).toBe(2);
    const pairs = probes.flatMap((a, i) => probes.slice(i + 1).filter((b) => a.pid !== b.pid && overlaps(a, b)));
    expect(pairs.length).toBeGreaterThan(0);
    expect(nodeEnds(ran.events)).toEqual({ c0: 'done', c1: 'done', c2: 'done', c3: 'done', collect: 'done' });
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
