import { RunnerError } from '../errors';
import type { WorkerLauncher } from './types';

let registered: WorkerLauncher | undefined;

/**
 * Registers how pool runners start workers when they are given neither a pool nor a launcher.
 * Composition roots call it once; with `ifAbsent`, it keeps a launcher a host already registered.
 */
export function setWorkerLauncher(launcher: WorkerLauncher | undefined, options: { ifAbsent?: boolean } = {}): void {
  if (options.ifAbsent && registered) return;
  registered = launcher;
}

/** The registered launcher; `runner` names who asked, for the error when there is none. */
export function workerLauncher(runner: string): WorkerLauncher {
  if (registered) return registered;
  throw new RunnerError(
    `${runner} has no way to start workers: the engine imported on its own has no spawner. Give the runner a 'pool' or a 'launcher', or import the engine through 'pipewright' (or the CLI/app), which registers one with setWorkerLauncher().`,
  );
}
