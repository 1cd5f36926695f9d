// Main-side spawn functions, one per host, each returning the pool's WorkerHandle. The Electron
// one receives `utilityProcess` from the app (injected), so this file never imports 'electron'.
import { fork } from 'node:child_process';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { SpawnWorker, WorkerExit, WorkerHandle } from '../engine/pool/types';
import type { ProjectRef } from '../engine/runner/run-context';
import { deferExtraCaCerts } from './extra-ca-certs';
import type { FromWorker, ToWorker } from '../engine/pool/protocol';

/** The worker module for hosts that run TypeScript through jiti (CLI, tests, dev). */
export const WORKER_BOOTSTRAP = join(__dirname, 'bootstrap.cjs');

export interface SpawnOptions {
  /** The worker module to run; defaults to the jiti bootstrap of worker-main.ts. */
  modulePath?: string;
  /** Arguments for the module (the bundle loader takes the bundle's path). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** The worker's JavaScript heap limit in MB: over it, the worker stops and its node fails. */
  maxMemoryMb?: number;
}

/**
 * The heap limit of a worker when the run sets none: half the machine's memory, and never more
 * than Node's own default for this process (what a worker without a limit would get).
 */
export function defaultWorkerMemoryMb(): number {
  return Math.min(nodeHeapLimitMb(), Math.floor(totalmem() / 2 ** 21));
}

/** The heap limit Node gives this process (and a child started with the same flags). */
function nodeHeapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
}

/**
 * The V8 flag for a worker process's heap limit, when it is not the one the process gets anyway.
 * V8 rejects a code cache made under other flags: a flagged worker gets a cache file of its own.
 */
function heapFlag(limit: number | undefined, args: string[]): { execArgv: string[]; args: string[] } {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  if (!limit || limit === nodeHeapLimitMb()) return { execArgv: process.execArgv, args };
  const cache = args.findIndex((a) => a.endsWith('.v8cache'));
  const ownArgs =
    cache === -1 ? args : args.map((a, i) => (i === cache ? a.replace(/\.v8cache$/, `-heap${limit}.v8cache`) : a));
  return { execArgv: [...execArgv, `--max-old-space-size=${limit}`], args: ownArgs };
}

/**
 * A worker process's large buffers (a table's columns, a value read from a shared file) are maps
 * glibc makes afresh for each, and the first touch of each 4 KiB page is what moving them costs
 * most on a VM. glibc's hugetlb tunable asks the kernel for transparent huge pages on those maps
 * (2 MiB pages: 512 times fewer faults) where it allows them on request ("madvise", Debian's
 * default). Other systems and C libraries ignore the variable; one the user set is kept.
 */
export function withHugePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (process.platform !== 'linux' || env.GLIBC_TUNABLES !== undefined) return env;
  return { ...env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };
}

/** Node aborts a process whose heap is over its limit (a fatal error, not an exception). */
const OUT_OF_MEMORY_SIGNAL = 'SIGABRT';

/** The project a worker loads as it starts, before any message (JSON of a ProjectRef). */
export const PRELOAD_ENV = 'PIPEWRIGHT_WORKER_PRELOAD';

/** Workers that load `project` as soon as they start, without waiting for the host to ask. */
export function withPreload(options: SpawnOptions, project: ProjectRef): SpawnOptions {
  return { ...options, env: { ...(options.env ?? process.env), [PRELOAD_ENV]: JSON.stringify(project) } };
}

let threadCounter = 0;

export function threadSpawner(options: SpawnOptions = {}): SpawnWorker {
  return () => {
    const limit = options.maxMemoryMb;
    const worker = new Worker(options.modulePath ?? WORKER_BOOTSTRAP, {
      argv: options.args,
      env: options.env ?? process.env,
      stdout: true,
      resourceLimits: limit ? { maxOldGenerationSizeMb: limit } : undefined,
    });
    // Node functions may print: keep stdout clean for `--json`, send their output to stderr.
    worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    const id = `thread-${++threadCounter}`;
    return {
      id,
      kind: 'thread',
      canTransfer: true,
      memoryLimitMb: limit,
      send: (message: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(message, transfer),
      onMessage: (handler: (m: FromWorker) => void) => worker.on('message', handler),
      onExit: (handler: (e: WorkerExit) => void) => {
        let error: Error | undefined;
        worker.on('error', (err) => (error = err));
        worker.on('exit', (code) => {
          const outOfMemory = (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
          handler({ code, signal: null, error: outOfMemory ? undefined : error, outOfMemory });
        });
      },
      kill: () => void worker.terminate(),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
    } satisfies WorkerHandle;
  };
}

export function childProcessSpawner(options: SpawnOptions = {}): SpawnWorker {
  return () => {
    const limit = options.maxMemoryMb;
    const { execArgv, args } = heapFlag(limit, options.args ?? []);
    const child = fork(options.modulePath ?? WORKER_BOOTSTRAP, args, {
      execArgv,
      serialization: 'advanced',
      env: withHugePages(deferExtraCaCerts(options.env ?? process.env)),
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.stdout!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    return {
      id: `process-${child.pid}`,
      kind: 'process',
      pid: child.pid,
      canTransfer: false,
      memoryLimitMb: limit,
      send: (message: ToWorker) => {
        child.send(message);
      },
      onMessage: (handler: (m: FromWorker) => void) => child.on('message', (m) => handler(m as FromWorker)),
      onExit: (handler: (e: WorkerExit) => void) => {
        let error: Error | undefined;
        child.on('error', (err) => (error = err));
        child.on('exit', (code, signal) =>
          handler({ code, signal, error, outOfMemory: signal === OUT_OF_MEMORY_SIGNAL }),
        );
      },
      kill: () => void child.kill('SIGKILL'),
      ref: () => {
        child.ref();
        child.channel?.ref();
        (child.stdout as unknown as { ref?(): void }).ref?.();
      },
      unref: () => {
        child.unref();
        child.channel?.unref();
        (child.stdout as unknown as { unref?(): void }).unref?.();
      },
    } satisfies WorkerHandle;
  };
}

/** The part of Electron's `utilityProcess` the pool uses. */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'pipe' | 'inherit' | 'ignore'; env?: NodeJS.ProcessEnv },
  ): UtilityChild;
}
export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', handler: (message: unknown) => void): unknown;
  on(event: 'exit', handler: (code: number) => void): unknown;
  on(event: 'spawn', handler: () => void): unknown;
  kill(): boolean;
}

/**
 * Utility processes for the app's pool: `utilityProcessSpawner(utilityProcess, builtWorkerPath)`.
 * Electron reports only an exit code, so a kill shows as the code it gives.
 */
export function utilityProcessSpawner(
  utilityProcess: UtilityProcessApi,
  modulePath: string,
  env?: NodeJS.ProcessEnv,
): SpawnWorker {
  let counter = 0;
  return () => {
    const child = utilityProcess.fork(modulePath, [], {
      serviceName: `pipewright-worker-${++counter}`,
      stdio: 'inherit',
      env,
    });
    const fallback = `process-u${counter}`;
    return {
      get id() {
        return child.pid ? `process-${child.pid}` : fallback;
      },
      get pid() {
        return child.pid;
      },
      kind: 'process',
      canTransfer: false,
      send: (message: ToWorker) => child.postMessage(message),
      onMessage: (handler: (m: FromWorker) => void) => child.on('message', (m) => handler(m as FromWorker)),
      onExit: (handler: (e: WorkerExit) => void) => child.on('exit', (code) => handler({ code, signal: null })),
      kill: () => void child.kill(),
    } satisfies WorkerHandle;
  };
}
