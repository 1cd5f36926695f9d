// What the coordinator's parts share about a run's jobs: which are in flight, which are settled,
// and how to fail, settle or queue one again. coordinator.ts owns it; the watchdog reads it.
import type { RunEvent } from '../../src-shared/run-events';
import type { Group } from './grouping';
import type { RunListener } from './job-queue';

export interface InFlight {
  group: Group;
  /** Times the watchdog queued it again after the server lost it. */
  requeued: number;
  enqueued: boolean;
  /** A job of the resumed run, awaited rather than queued again. */
  adopted?: boolean;
}

export interface DispatchState {
  readonly inFlight: Map<string, InFlight>;
  readonly settled: Set<string>;
  readonly listener: RunListener;
  stopped(): boolean;
  cancelled(): boolean;
  /** Records the run's first error (later ones are dropped). */
  fail(error: unknown): void;
  /** The job is over for this run: nothing more is awaited from it. */
  settle(id: string): void;
  /** Queues the group's job (again) under this run's id. */
  enqueue(group: Group): Promise<void>;
  log(level: 'info' | 'warning', message: string): void;
}

/** Job ids cannot contain ':' (BullMQ); group names are node names. */
export function jobId(runId: string, group: string): string {
  return `${runId}__${group.replace(/%/g, '%25').replace(/:/g, '%3A')}`;
}

/** A node's end the coordinator writes itself (the worker's was lost, or never came). */
export function nodeEnd(node: string, status: 'done' | 'failed' | 'cancelled', worker: string): RunEvent {
  return { type: 'node-end', at: Date.now(), node, worker, status, timings: { loadMs: 0, computeMs: 0, saveMs: 0 } };
}
