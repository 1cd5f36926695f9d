import type { ProjectRef } from '../runner/run-context';
import type { FromWorker, ToWorker } from './protocol';

/** How a worker ended: an exit code, a signal, or an error from the host. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  error?: Error;
  /** The worker went over its heap limit (see `WorkerLimits.maxMemoryMb`). */
  outOfMemory?: boolean;
}

/** What a worker may use. */
export interface WorkerLimits {
  /** The worker's JavaScript heap limit in MB; the launcher picks one from the machine when absent. */
  maxMemoryMb?: number;
}

/**
 * One worker as the pool sees it, whatever hosts it: a worker thread, a Node child process or
 * an Electron utility process. Each spawn function returns one of these.
 */
export interface WorkerHandle {
  /** "thread-1", "process-1234": the name used in run events. */
  readonly id: string;
  readonly kind: WorkerKind;
  /** Whether `send` can transfer ArrayBuffers (threads) instead of going through shared files. */
  readonly canTransfer: boolean;
  /** The worker process's id (processes only): its shared files are named after it. */
  readonly pid?: number;
  /** The heap limit the worker was started with, in MB, where the host sets one. */
  readonly memoryLimitMb?: number;
  send(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: FromWorker) => void): void;
  onExit(handler: (exit: WorkerExit) => void): void;
  /** Stops the worker at once (hard cancel). */
  kill(): void;
  /** Whether the worker keeps the host's event loop alive (a pool started ahead of its run does not). */
  ref?(): void;
  unref?(): void;
}

export type WorkerKind = 'thread' | 'process';

export type SpawnWorker = () => WorkerHandle;

/**
 * How the pools that runners start for themselves get their workers. The engine has no spawner of
 * its own: a host (the CLI, the app, serve, the 'pipewright' module) registers one with
 * `setWorkerLauncher`, and a runner may be given its own through `PoolRunnerOptions.launcher`.
 */
export interface WorkerLauncher {
  /**
   * The spawn function for workers of `kind`; with `preload`, workers that load that project as
   * they start; with `limits`, workers held to them.
   */
  spawner(kind: WorkerKind, preload?: ProjectRef, limits?: WorkerLimits): SpawnWorker | Promise<SpawnWorker>;
}
