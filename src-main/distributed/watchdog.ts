// The coordinator's watchdog: a queue that is gone too long fails the run; a job the server lost
// (restarted without persistence) is queued again; an adopted job of a resumed run whose end came
// before this run listened is read from the job itself.
import { RunnerError } from '../engine/errors';
import type { DispatchState } from './dispatch-state';
import { jobId } from './dispatch-state';
import type { CoordinatorQueue } from './job-queue';

export interface WatchdogOptions {
  queue: CoordinatorQueue;
  queueName: string;
  runId: string;
  attempts: number;
  /** How often it looks (ms). */
  watchMs?: number;
  /** A queue unreachable this long fails the run (ms). */
  lostAfterMs?: number;
}

/** Starts looking every `watchMs`; returns the function that stops it. */
export function startWatchdog(o: WatchdogOptions, state: DispatchState): () => void {
  const { queue } = o;
  let unreachableSince: number | undefined;
  let watching = false;

  const look = async () => {
    if (!(await queue.reachable(Math.min(2000, o.watchMs ?? 1000)))) {
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince >= (o.lostAfterMs ?? 30_000)) {
        state.fail(
          new RunnerError(
            `Lost the queue at ${o.queueName}: no answer for ${Math.round((Date.now() - unreachableSince) / 1000)} s. Jobs already taken may still finish on their workers; resume the run once the queue is back.`,
          ),
        );
        for (const id of [...state.inFlight.keys()]) state.settle(id);
      }
      return;
    }
    unreachableSince = undefined;
    for (const [id, entry] of [...state.inFlight]) {
      const jobState = await queue.state(id).catch(() => undefined);
      if (entry.adopted && !state.cancelled()) {
        // Its end may have come before this run listened: read it from the job.
        if (jobState === 'completed' || jobState === 'failed') {
          const job = await queue.find(id).catch(() => undefined);
          if (jobState === 'completed') state.listener.completed(id, job?.result ?? { worker: 'unknown' });
          else state.listener.failed(id, job?.failedReason ?? 'failed');
        } else if (jobState === 'unknown') {
          state.inFlight.delete(id);
          state.inFlight.set(jobId(o.runId, entry.group.name), { ...entry, adopted: false });
          await state.enqueue(entry.group);
        }
        continue;
      }
      if (jobState === 'unknown' && entry.enqueued && !state.cancelled() && !state.settled.has(id)) {
        if (entry.requeued >= o.attempts) {
          state.fail(new RunnerError(`Job ${id} vanished from ${o.queueName} ${entry.requeued + 1} times.`));
          state.settle(id);
          continue;
        }
        entry.requeued++;
        state.log(
          'warning',
          `Job ${id} vanished from ${o.queueName} (was the server restarted without persistence?): queued again.`,
        );
        await state.enqueue(entry.group);
      }
    }
  };

  const timer = setInterval(() => {
    if (watching || state.stopped()) return;
    watching = true;
    void look()
      .catch(() => undefined) // the next look tries again
      .finally(() => (watching = false));
  }, o.watchMs ?? 1000);
  return () => clearInterval(timer);
}
