// The queue behind DistributedRunner, as the coordinator and the workers see it. BullMQ on Redis
// implements it (bullmq-queue.ts); another backend (BullMQ's PostgreSQL one, Temporal) implements
// these two interfaces and nothing in the coordinator or the worker loop changes.
import type { RunEvent } from '../../src-shared/run-events';

/** One job: a group of nodes of one run, by name. Jobs carry names and small values, never code. */
export interface JobData {
  runId: string;
  /** The group's name (a node's name for one-node groups). */
  group: string;
  /** The nodes to run, by name, in the order the group runs them. */
  nodes: string[];
  pipeline: string;
  /** The coordinator's project fingerprint: a worker with another one refuses the job. */
  projectHash: string;
  env?: string;
  params?: Record<string, unknown>;
  loadVersions?: Record<string, string>;
  /** The run's scratch folder: absolute, or relative to the worker's project root. */
  scratch: string;
  /** Unregistered inputs written by an earlier run (a resume): name → that run's scratch folder. */
  scratchInputs: Record<string, string>;
  isAsync: boolean;
  /** Retry a node's exception (the node is tagged `retryable`); crashes are always retried. */
  retryExceptions: boolean;
}

/** What a finished job reports. */
export interface JobResult {
  /** host:pid of the worker process. */
  worker: string;
  /** The job's last events, sent with its result rather than in a round trip of their own. */
  events?: RunEvent[];
}

export interface JobSpec {
  /** Deterministic: `${runId}__${group}`, so re-adding is idempotent and a resume can find it. */
  id: string;
  data: JobData;
  /** Tries in all, crashes and stalls included. */
  attempts: number;
}

export interface RunListener {
  /** Events a worker relayed while running the job (node starts and ends, dataset I/O, logs). */
  events(jobId: string, events: RunEvent[]): void;
  completed(jobId: string, result: JobResult): void;
  /** The job failed for good (no try left, or not retryable). */
  failed(jobId: string, reason: string): void;
}

/** A job of an earlier run, as a resume finds it. */
export interface PastJob {
  /** As `state()` answers. */
  state: string;
  /** The nodes the job runs, by name. */
  nodes: string[];
  /** A completed job's result. */
  result?: JobResult;
  /** A failed job's reason. */
  failedReason?: string;
}

/** The coordinator's side. */
export interface CoordinatorQueue {
  /** Listens to the run's jobs; resolves once listening, so that no event is missed. */
  listen(runId: string, listener: RunListener): Promise<() => void>;
  enqueue(jobs: JobSpec[]): Promise<void>;
  /** 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'unknown' (gone: the server lost it). */
  state(jobId: string): Promise<string>;
  /** A job by id, finished or not (finished jobs are kept a week); undefined when the server has none. */
  find(jobId: string): Promise<PastJob | undefined>;
  /** Removes jobs that have not started and asks workers to abort the run's active ones. */
  cancel(runId: string, jobIds: string[]): Promise<void>;
  /** Whether the server answers now (a bounded check). */
  reachable(timeoutMs: number): Promise<boolean>;
  /** How many worker processes are connected now (what the run reports as its workers). */
  connectedWorkers?(): Promise<number>;
  close(): Promise<void>;
}

/** What a worker's processor gets for one job. */
export interface JobContext {
  id: string;
  data: JobData;
  /** 1 for the first try. */
  attempt: number;
  attempts: number;
  /** Relays events to the coordinator (in order; the queue may batch them). */
  report(events: RunEvent[]): Promise<void>;
  /** Aborted when the coordinator cancels the run. */
  signal: AbortSignal;
}

/** Thrown by a processor for a failure no retry can fix (an exception, a refused job, a cancel). */
export class FinalJobError extends Error {
  override name = 'FinalJobError';
}

/** The workers' side. */
export interface WorkerQueue {
  /** Starts taking jobs, `concurrency` at once. */
  consume(concurrency: number, processor: (job: JobContext) => Promise<JobResult>): void;
  close(): Promise<void>;
}
