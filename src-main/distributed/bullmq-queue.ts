// The queue on BullMQ and Redis. Jobs live in one BullMQ queue; workers relay their events as job
// progress, which the coordinator reads through QueueEvents (a Redis stream, so a dropped connection
// loses nothing); a cancel is a Redis PUBLISH every worker subscribes to.
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import type { RunEvent } from '../../src-shared/run-events';
import {
  FinalJobError,
  type CoordinatorQueue,
  type JobContext,
  type JobData,
  type JobResult,
  type JobSpec,
  type PastJob,
  type RunListener,
  type WorkerQueue,
} from './job-queue';
import { CANCEL_CHANNEL, PREFIX, QUEUE_NAME } from './queue-names';
import { parseQueueUrl, type RedisTarget } from './queue-url';
import { listWorkers } from './worker-registry';

const BACKOFF_MS = 500;
/** Above any `--attempts` (at most 100): the processor enforces the job's own limit. */
const MAX_STALLS = 1000;
/** Finished jobs are kept a week, so that a resume after a coordinator's crash can find them. */
const KEEP = { age: 7 * 24 * 3600, count: 100_000 };

function connection(target: RedisTarget) {
  // BullMQ's blocking connections need retries without limit; ioredis reconnects by itself.
  return { ...target, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

export function redisClient(url: string, options: { lazy?: boolean } = {}): Redis {
  return new Redis({ ...connection(parseQueueUrl(url)), lazyConnect: options.lazy ?? false });
}

export class BullCoordinatorQueue implements CoordinatorQueue {
  private readonly target: RedisTarget;
  private readonly queue: Queue<JobData, JobResult>;
  private readonly extra: Redis;

  constructor(url: string) {
    this.target = parseQueueUrl(url);
    this.queue = new Queue(QUEUE_NAME, { connection: connection(this.target), prefix: PREFIX });
    this.queue.on('error', () => undefined); // reconnects are awaited by the watchdog, not reported here
    this.extra = new Redis({ ...connection(this.target), lazyConnect: true });
    this.extra.on('error', () => undefined);
  }

  async listen(runId: string, listener: RunListener): Promise<() => void> {
    const client = await this.client();
    // From the stream's current end: events of this run come after it; older ones are not ours.
    const last = (await client.xrevrange(this.queue.keys.events, '+', '-', 'COUNT', 1)) as Array<[string, unknown]>;
    const events = new QueueEvents(QUEUE_NAME, {
      connection: connection(this.target),
      prefix: PREFIX,
      lastEventId: last[0]?.[0] ?? '0-0',
    });
    events.on('error', () => undefined);
    const ours = (jobId: string) => jobId.startsWith(`${runId}__`);
    events.on('progress', ({ jobId, data }) => {
      if (ours(jobId)) listener.events(jobId, (data as { events?: RunEvent[] }).events ?? []);
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      if (ours(jobId)) listener.completed(jobId, parseResult(returnvalue));
    });
    events.on('failed', ({ jobId, failedReason }) => {
      if (ours(jobId)) listener.failed(jobId, failedReason);
    });
    await events.waitUntilReady();
    return () => void events.close().catch(() => undefined);
  }

  async enqueue(jobs: JobSpec[]): Promise<void> {
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.data.group,
        data: j.data,
        opts: {
          jobId: j.id,
          attempts: j.attempts,
          backoff: { type: 'exponential', delay: BACKOFF_MS },
          removeOnComplete: KEEP,
          removeOnFail: KEEP,
        },
      })),
    );
  }

  async state(jobId: string): Promise<string> {
    return this.queue.getJobState(jobId);
  }

  async find(jobId: string): Promise<PastJob | undefined> {
    const job = await this.queue.getJob(jobId);
    if (!job) return undefined;
    const state = await job.getState();
    return {
      state,
      nodes: job.data.nodes,
      result: state === 'completed' ? parseResult(job.returnvalue) : undefined,
      failedReason: job.failedReason || undefined,
    };
  }

  async cancel(runId: string, jobIds: string[]): Promise<void> {
    for (const id of jobIds) {
      try {
        await this.queue.remove(id); // refused (0) for an active, locked job: the broadcast stops those
      } catch {
        // gone already
      }
    }
    const client = await this.client();
    await client.publish(CANCEL_CHANNEL, runId);
  }

  private async client(): Promise<Redis> {
    if (this.extra.status === 'wait') await this.extra.connect();
    return this.extra;
  }

  async reachable(timeoutMs: number): Promise<boolean> {
    const ping = (async () => (await (await this.client()).ping()) === 'PONG')().catch(() => false);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    try {
      return await Promise.race([ping, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async connectedWorkers(): Promise<number> {
    return (await listWorkers(await this.client())).length;
  }

  async close(): Promise<void> {
    this.extra.disconnect();
    await this.queue.close().catch(() => undefined);
  }
}

export const bullCoordinatorQueue = (url: string): CoordinatorQueue => new BullCoordinatorQueue(url);

function parseResult(value: unknown): JobResult {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as JobResult;
    } catch {
      return { worker: 'unknown' };
    }
  }
  return (value as JobResult) ?? { worker: 'unknown' };
}

export interface BullWorkerOptions {
  /** A silent worker's job is re-queued after this long (BullMQ's lock duration). */
  stallMs?: number;
  name?: string;
}

export class BullWorkerQueue implements WorkerQueue {
  private worker: Worker<JobData, JobResult> | undefined;
  private readonly subscriber: Redis;
  private readonly target: RedisTarget;
  private readonly running = new Map<string, { runId: string; controller: AbortController }>();

  constructor(
    url: string,
    private readonly options: BullWorkerOptions = {},
  ) {
    this.target = parseQueueUrl(url);
    this.subscriber = new Redis(connection(this.target));
    this.subscriber.on('error', () => undefined);
    void this.subscriber.subscribe(CANCEL_CHANNEL).catch(() => undefined);
    this.subscriber.on('message', (_channel: string, runId: string) => {
      for (const job of this.running.values()) if (job.runId === runId) job.controller.abort();
    });
  }

  consume(concurrency: number, processor: (job: JobContext) => Promise<JobResult>): void {
    const stallMs = this.options.stallMs ?? 30_000;
    this.worker = new Worker<JobData, JobResult>(
      QUEUE_NAME,
      async (job: Job<JobData, JobResult>) => {
        const id = job.id!;
        const attempts = job.opts.attempts ?? 1;
        // Tries in all, the ones whose worker died (stalled) included: BullMQ counts each start.
        const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
        if (attempt > attempts) {
          throw new UnrecoverableError(
            `Job ${id} was started ${attempt - 1} times and its worker stopped answering (killed, or cut off) ${job.stalledCounter} of them; --attempts ${attempts} allows ${attempts} tries in all.`,
          );
        }
        const controller = new AbortController();
        this.running.set(id, { runId: job.data.runId, controller });
        let chain = Promise.resolve();
        try {
          return await processor({
            id,
            data: job.data,
            attempt,
            attempts,
            signal: controller.signal,
            report: (events) => (chain = chain.then(() => job.updateProgress({ events }).catch(() => undefined))),
          });
        } catch (err) {
          if (err instanceof FinalJobError) throw new UnrecoverableError(err.message);
          throw err;
        } finally {
          await chain;
          this.running.delete(id);
        }
      },
      {
        connection: connection(this.target),
        prefix: PREFIX,
        concurrency,
        lockDuration: stallMs,
        stalledInterval: Math.max(500, Math.floor(stallMs / 2)),
        // Each job's own attempts decide how many stalls it survives (checked above), not a count per worker.
        maxStalledCount: MAX_STALLS,
        name: this.options.name,
      },
    );
    this.worker.on('error', () => undefined);
  }

  /** Takes no more jobs and waits for the running ones (a cancel of their run still reaches them meanwhile). */
  async close(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    this.subscriber.disconnect();
  }
}
