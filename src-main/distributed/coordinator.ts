// The coordinator of a distributed run: Pipewright schedules the DAG itself (BullMQ's flows are
// trees). A group is enqueued the moment the last group it depends on completes; the workers'
// events come back through the queue and are emitted as the local runners emit theirs. The
// watchdog (watchdog.ts) handles a queue gone too long and jobs the server lost; adopt-resumed.ts
// takes over the jobs of the run a resume continues.
import type { RunEvent } from '../../src-shared/run-events';
import { NodeError, RunCancelledError, RunnerError } from '../engine/errors';
import type { RunContext } from '../engine/runner/run-context';
import { adoptResumed } from './adopt-resumed';
import { jobId, nodeEnd, type DispatchState, type InFlight } from './dispatch-state';
import type { Group } from './grouping';
import type { CoordinatorQueue, JobData, RunListener } from './job-queue';
import type { Reconciled } from './reconcile';
import { startWatchdog } from './watchdog';

export interface CoordinateOptions {
  queue: CoordinatorQueue;
  /** Shown in messages (no password). */
  queueName: string;
  groups: Group[];
  ctx: RunContext;
  /** Every job's data but the group's own fields. */
  base: Omit<JobData, 'group' | 'nodes' | 'retryExceptions'>;
  attempts: number;
  /** At most this many jobs queued or running at once (`--max-workers`); unlimited otherwise. */
  maxInFlight?: number;
  /** How often the watchdog looks (ms). */
  watchMs?: number;
  /** A queue unreachable this long fails the run (ms). */
  lostAfterMs?: number;
  /** After a cancel, how long to wait for workers to stop their jobs (ms). */
  cancelGraceMs?: number;
  /** The run this one resumes, and what its jobs in the queue left (reconcile.ts). */
  resumeOf?: string;
  reconciled?: Reconciled[];
}

export async function coordinate(o: CoordinateOptions): Promise<void> {
  const { ctx, queue } = o;
  const total = o.groups.reduce((s, g) => s + g.nodes.length, 0);
  const waiting = new Map(o.groups.map((g) => [g.name, g.after.size]));
  const dependents = new Map<string, Group[]>();
  for (const g of o.groups) for (const dep of g.after) dependents.set(dep, [...(dependents.get(dep) ?? []), g]);
  const ready: Group[] = o.groups.filter((g) => g.after.size === 0);
  const inFlight = new Map<string, InFlight>();
  /** Groups the resumed run's jobs did or are doing: never queued by this run. */
  const taken = new Set((o.reconciled ?? []).map((r) => r.group.name));
  const settled = new Set<string>();
  const started = new Set<string>();
  const ended = new Set<string>();
  let done = 0;
  let firstError: unknown;
  let cancelled = false;
  let stopped = false;

  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const settle = (id: string) => {
    inFlight.delete(id);
    settled.add(id);
    void pump();
  };

  const onEvent = (event: RunEvent) => {
    if (event.type === 'node-start') started.add(event.node);
    if (event.type === 'node-end') {
      if (ended.has(event.node)) return;
      ended.add(event.node);
      ctx.emit(event);
      if (event.status === 'done') {
        done++;
        ctx.completed.add(event.node);
        if (ctx.listening) {
          ctx.log('info', `Completed node: ${event.node}`, event.node, 'pipewright.runner');
          ctx.log('info', `Completed ${done} out of ${total} tasks`, undefined, 'pipewright.runner');
        }
      }
      return;
    }
    ctx.emit(event);
  };

  const release = (group: Group) => {
    for (const child of dependents.get(group.name) ?? []) {
      const left = waiting.get(child.name)! - 1;
      waiting.set(child.name, left);
      if (left === 0 && !taken.has(child.name)) ready.push(child);
    }
  };

  const listener: RunListener = {
    events: (id, events) => {
      if (!settled.has(id)) for (const e of events) onEvent(e);
    },
    completed: (id, result) => {
      const entry = inFlight.get(id);
      if (!entry) return;
      for (const e of result.events ?? []) onEvent(e);
      for (const n of entry.group.nodes) {
        // Its events were lost (the server restarted): the job's success is the node's.
        if (!ended.has(n.name)) onEvent(nodeEnd(n.name, 'done', 'unknown'));
      }
      release(entry.group);
      settle(id);
    },
    failed: (id, reason) => {
      const entry = inFlight.get(id);
      if (!entry) return;
      if (cancelled && /cancelled/.test(reason)) {
        for (const n of entry.group.nodes)
          if (started.has(n.name) && !ended.has(n.name)) onEvent(nodeEnd(n.name, 'cancelled', 'unknown'));
      } else {
        const error = new NodeError(reason);
        firstError ??= error;
        const open = entry.group.nodes.filter((n) => started.has(n.name) && !ended.has(n.name));
        // Refused before any node started (another project, a worker that could not load it): its first node failed.
        const blamed = open.length
          ? open
          : entry.group.nodes.some((n) => ended.has(n.name))
            ? []
            : [entry.group.nodes[0]];
        for (const n of blamed) {
          onEvent({
            ...nodeEnd(n.name, 'failed', 'unknown'),
            error: { name: 'NodeError', message: reason },
          } as RunEvent);
          ctx.log('error', `Node ${n.name} failed with error: \n${reason}`, n.name, 'pipewright.pipeline.node');
        }
      }
      settle(id);
    },
  };
  const unlisten = await queue.listen(ctx.runId, listener);
  const unlistenResumed = await adoptResumed({
    queue,
    ctx,
    resumeOf: o.resumeOf,
    reconciled: o.reconciled ?? [],
    listener,
    inFlight,
    ready,
    taken,
    onEvent,
    release,
  });

  const enqueueing = new Set<Promise<void>>();
  const pump = async (): Promise<void> => {
    if (stopped) return;
    if (firstError !== undefined || cancelled) {
      if (inFlight.size === 0) return end();
      return;
    }
    const batch: Group[] = [];
    while (ready.length && inFlight.size + batch.length < (o.maxInFlight ?? Infinity)) batch.push(ready.shift()!);
    const entries = batch.map((g) => ({ group: g, requeued: 0, enqueued: false }));
    for (const e of entries) inFlight.set(jobId(ctx.runId, e.group.name), e);
    if (batch.length) {
      const p = queue.enqueue(batch.map((g) => spec(g))).then(
        () => entries.forEach((e) => (e.enqueued = true)),
        (err) => {
          firstError ??= new RunnerError(`Could not enqueue jobs on ${o.queueName}: ${(err as Error).message}`);
          for (const g of batch) inFlight.delete(jobId(ctx.runId, g.name));
          void pump();
        },
      );
      enqueueing.add(p);
      void p.finally(() => enqueueing.delete(p));
    }
    if (inFlight.size === 0 && !ready.length) end();
  };

  const spec = (g: Group) => ({
    id: jobId(ctx.runId, g.name),
    attempts: o.attempts,
    data: {
      ...o.base,
      group: g.name,
      nodes: g.nodes.map((n) => n.name),
      retryExceptions: g.nodes.every((n) => n.tags.has('retryable')),
    },
  });

  const end = () => {
    if (stopped) return;
    stopped = true;
    finish();
  };

  const onAbort = () => {
    if (cancelled || stopped) return;
    cancelled = true;
    ctx.log(
      'warning',
      'Cancelling the run: no new job is queued; running jobs are stopped.',
      undefined,
      'pipewright.runner',
    );
    const ids = [...inFlight.keys()];
    void (async () => {
      await Promise.all(enqueueing);
      const adopted = ids.filter((id) => inFlight.get(id)?.adopted);
      await queue
        .cancel(
          ctx.runId,
          ids.filter((id) => !adopted.includes(id)),
        )
        .catch(() => undefined);
      if (adopted.length) await queue.cancel(o.resumeOf!, adopted).catch(() => undefined);
      for (const id of ids) {
        // Removed before a worker took it: nothing more will be heard of it.
        if ((await queue.state(id).catch(() => 'unknown')) === 'unknown') settle(id);
      }
      void pump();
    })();
    setTimeout(end, o.cancelGraceMs ?? 15_000).unref();
  };
  ctx.signal?.addEventListener('abort', onAbort, { once: true });

  const state: DispatchState = {
    inFlight,
    settled,
    listener,
    stopped: () => stopped,
    cancelled: () => cancelled,
    fail: (error) => (firstError ??= error),
    settle,
    enqueue: (group) => queue.enqueue([spec(group)]),
    log: (level, message) => ctx.log(level, message, undefined, 'pipewright.runner.distributed'),
  };
  const stopWatching = startWatchdog(
    {
      queue,
      queueName: o.queueName,
      runId: ctx.runId,
      attempts: o.attempts,
      watchMs: o.watchMs,
      lostAfterMs: o.lostAfterMs,
    },
    state,
  );

  try {
    if (ctx.signal?.aborted) onAbort();
    else await pump();
    await finished;
  } finally {
    stopWatching();
    ctx.signal?.removeEventListener('abort', onAbort);
    unlisten();
    unlistenResumed();
  }
  for (const g of o.groups) {
    for (const n of g.nodes) {
      if (!started.has(n.name) && !ended.has(n.name)) ctx.emit({ type: 'node-skip', at: Date.now(), node: n.name });
      else if (!ended.has(n.name)) ctx.emit(nodeEnd(n.name, cancelled ? 'cancelled' : 'failed', 'unknown'));
    }
  }
  if (firstError !== undefined) throw firstError;
  if (cancelled) throw new RunCancelledError();
  if (done < total) throw new RunnerError(`The run ended with ${total - done} of ${total} nodes not run.`);
}
