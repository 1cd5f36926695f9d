// A worker's view of its job's inner run, turned into the coordinator's events: the worker is
// named host:pid, the inner run's own bookkeeping stays here, and a failure that will be retried
// is a warning rather than a failed node. Events are batched for BATCH_MS and sent in order: a job
// shorter than that sends them all inside its result, with no progress round trip of its own.
import type { RunEvent } from '../../src-shared/run-events';

/** Errors of a worker that died under a node (not the node's own exception): always retried. */
const CRASHES = new Set(['WorkerCrashError', 'WorkerOutOfMemoryError', 'NodeNeverFinished']);

/** How long events wait for company: live enough for a node's status, and short jobs send none on their own. */
const BATCH_MS = 50;

export function isCrash(errorName: string | undefined): boolean {
  return errorName !== undefined && CRASHES.has(errorName);
}

export interface RelayOptions {
  worker: string;
  attempt: number;
  attempts: number;
  retryExceptions: boolean;
  send(events: RunEvent[]): Promise<void>;
}

export class EventRelay {
  private batch: RunEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  /** Set once a node failed and the job will be tried again: its error lines become warnings. */
  private retrying = false;

  constructor(private readonly options: RelayOptions) {}

  /** Whether a failure with this error is retried (a crash, or an exception of a retryable node). */
  willRetry(errorName: string | undefined): boolean {
    const o = this.options;
    return o.attempt < o.attempts && (isCrash(errorName) || o.retryExceptions);
  }

  onEvent = (event: RunEvent): void => {
    const o = this.options;
    if (event.type === 'run-start' || event.type === 'run-end' || event.type === 'node-skip') return;
    if (event.type === 'log' && event.logger?.startsWith('pipewright.runner')) return;
    if (event.type === 'node-start') event = { ...event, worker: o.worker };
    if (event.type === 'node-end') {
      event = { ...event, worker: o.worker };
      if (event.status === 'failed' && this.willRetry(event.error?.name)) {
        this.retrying = true;
        event = {
          type: 'log',
          at: event.at,
          level: 'warning',
          node: event.node,
          logger: 'pipewright.runner.distributed',
          message: `Node ${event.node} failed on ${o.worker} (try ${o.attempt} of ${o.attempts}) and will be tried again: ${event.error?.message ?? 'no message'}`,
        };
      }
    }
    if (this.retrying && event.type === 'log' && event.level === 'error') event = { ...event, level: 'warning' };
    this.push(event);
  };

  push(event: RunEvent): void {
    this.batch.push(event);
    this.timer ??= setTimeout(() => this.flushNow(), BATCH_MS);
  }

  private flushNow(): void {
    this.timer = undefined;
    if (!this.batch.length) return;
    const events = this.batch;
    this.batch = [];
    this.sending = this.sending.then(() => this.options.send(events));
  }

  /** Sends what is left and waits until everything is sent. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.flushNow();
    await this.sending;
  }

  /** Waits for what was sent and returns what was not, for the job's result to carry. */
  async drain(): Promise<RunEvent[]> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.sending;
    const rest = this.batch;
    this.batch = [];
    return rest;
  }
}
