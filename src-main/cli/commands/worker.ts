import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { projectFingerprint } from '../../distributed/fingerprint';
import { parseQueueUrl, shownUrl } from '../../distributed/queue-url';
import type { JobContext } from '../../distributed/job-queue';
import { WorkerLoop } from '../../distributed/worker-loop';
import { announce } from '../../distributed/worker-registry';
import { WorkerPool } from '../../engine/pool/worker-pool';
import { nodeLauncher } from '../../workers/node-launcher';
import { UsageError } from '../../services/usage-error';
import { EXIT, type CliIO } from '../cli-io';

/** A job still running after this long gets a line of its own in the worker's log. */
const RUNNING_LOG_MS = 1000;

/** How long running jobs may take to finish once the worker is asked to stop. */
const GRACE_MS = 10_000;

interface WorkerFlags {
  project?: string;
  queue?: string;
  concurrency?: string;
  stallMs?: string;
}

export function registerWorkerCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run the jobs of DistributedRunner runs from a queue, with this checkout of the project')
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .requiredOption('--queue <url>', 'the queue: redis://host:port or unix:///path/redis.sock')
    .option('--concurrency <n>', 'jobs run at once, each on its own thread (default: 1)')
    .option(
      '--stall-ms <ms>',
      'how long a job of a silent worker (killed, cut off) waits before it is run elsewhere',
      '30000',
    )
    .action(async (flags: WorkerFlags) => setExit(await workerCommand(flags, io)));
}

function positive(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, not '${value}'.`);
  return n;
}

/** Runs until SIGINT or SIGTERM: the jobs running then are given back to the queue as BullMQ closes. */
export async function workerCommand(flags: WorkerFlags, io: CliIO): Promise<number> {
  const root = resolve(io.cwd, flags.project ?? '.');
  const url = flags.queue!;
  parseQueueUrl(url);
  const concurrency = positive(flags.concurrency, '--concurrency', 1);
  const stallMs = positive(flags.stallMs, '--stall-ms', 30_000);
  const { BullWorkerQueue, redisClient } = await import('../../distributed/bullmq-queue');
  const fingerprint = projectFingerprint(root);
  const spawn = await nodeLauncher.spawner('thread', { root });
  const pool = new WorkerPool({ size: Math.min(concurrency, Math.max(1, availableParallelism())), spawn });
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // A job's start is logged once it has run a while; a short one gets a single line at its end.
  const running = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  const tries = (job: JobContext) => `(try ${job.attempt} of ${job.attempts})`;
  const loop = new WorkerLoop({
    root,
    fingerprint,
    pool,
    onJob: (phase, job, outcome) => {
      registry.beat();
      if (phase === 'start') {
        const timer = setTimeout(() => log(`running ${job.id} ${tries(job)}`), RUNNING_LOG_MS);
        running.set(job.id, { at: performance.now(), timer });
        return;
      }
      const started = running.get(job.id);
      running.delete(job.id);
      clearTimeout(started?.timer);
      const took = started ? ` in ${Math.round(performance.now() - started.at)} ms` : '';
      log(`${job.id} ${tries(job)}${took}: ${outcome}`);
    },
  });
  await loop.warm();
  const queue = new BullWorkerQueue(url, { stallMs, name: loop.identity });
  const client = redisClient(url);
  client.on('error', () => undefined);
  const startedAt = Date.now();
  const [host, pid] = loop.identity.split(/:(?=\d+$)/);
  const registry = announce(client, () => ({
    id: loop.identity,
    host,
    pid: Number(pid),
    project: root,
    projectHash: fingerprint,
    concurrency,
    active: loop.active,
    startedAt,
  }));
  queue.consume(concurrency, loop.process);
  log(
    `worker ${loop.identity} of project ${root} (fingerprint ${fingerprint}) on ${shownUrl(url)}, ${concurrency} at once`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  // Stop taking jobs; running ones get a grace period to finish. Past it (or at a second signal)
  // the worker exits, and its unfinished jobs run elsewhere once their lock lapses.
  log(loop.active ? `stopping: waiting up to ${GRACE_MS / 1000} s for ${loop.active} running job(s)` : 'stopping');
  const now = () => {
    log('stopped');
    process.exit(EXIT.ok);
  };
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  const grace = setTimeout(now, GRACE_MS);
  await queue.close();
  await Promise.race([registry.stop(), new Promise((r) => setTimeout(r, 1000))]);
  clearTimeout(grace);
  client.disconnect();
  await pool.close();
  log('stopped');
  // Nothing of ours is left; a connection still retrying must not keep the process alive.
  setTimeout(() => process.exit(EXIT.ok), 1000).unref();
  return EXIT.ok;
}
