// A resumed run takes over its first run's jobs still in the queue (reconcile.ts found them): it
// listens to that run's jobs first, so that no end is missed, awaits the pending ones rather than
// queueing them again, and counts the completed ones as done.
import type { RunEvent } from '../../src-shared/run-events';
import type { RunContext } from '../engine/runner/run-context';
import { nodeEnd, type InFlight } from './dispatch-state';
import type { Group } from './grouping';
import type { CoordinatorQueue, RunListener } from './job-queue';
import type { Reconciled } from './reconcile';

export interface AdoptOptions {
  queue: CoordinatorQueue;
  ctx: RunContext;
  resumeOf: string | undefined;
  reconciled: Reconciled[];
  listener: RunListener;
  inFlight: Map<string, InFlight>;
  /** Groups ready to queue: the adopted ones are taken out. */
  ready: Group[];
  /** Groups the resumed run's jobs did or are doing. */
  taken: Set<string>;
  onEvent(event: RunEvent): void;
  /** Marks a group done for its dependents. */
  release(group: Group): void;
}

/** Adopts the resumed run's jobs; resolves to the function that stops listening to them. */
export async function adoptResumed(o: AdoptOptions): Promise<() => void> {
  const { ctx, reconciled } = o;
  if (!reconciled.length) return () => undefined;
  const stop = reconciled.some((r) => r.kind === 'pending') ? await o.queue.listen(o.resumeOf!, o.listener) : () => {};
  for (let i = o.ready.length - 1; i >= 0; i--) if (o.taken.has(o.ready[i].name)) o.ready.splice(i, 1);
  for (const r of reconciled) {
    if (r.kind === 'pending') {
      o.inFlight.set(r.jobId, { group: r.group, requeued: 0, enqueued: true, adopted: true });
      ctx.log(
        'info',
        `Job ${r.jobId} of run ${o.resumeOf} is still ${r.state}: awaited, not queued again.`,
        undefined,
        'pipewright.runner.distributed',
      );
      continue;
    }
    ctx.log(
      'info',
      `Job ${r.jobId} of run ${o.resumeOf} completed on ${r.worker}: ${r.group.nodes.map((n) => n.name).join(', ')} not run again.`,
      undefined,
      'pipewright.runner.distributed',
    );
    for (const n of r.group.nodes) o.onEvent(nodeEnd(n.name, 'done', r.worker));
    o.release(r.group);
  }
  return stop;
}
