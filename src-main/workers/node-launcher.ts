// The launcher of the Node hosts (the CLI, serve, tests, a project importing 'pipewright' on its
// own): worker threads and forked child processes running the worker module.
import { setWorkerLauncher } from '../engine/pool/launcher';
import type { WorkerLauncher } from '../engine/pool/types';
import { childProcessSpawner, defaultWorkerMemoryMb, threadSpawner, withPreload } from './spawners';
import { workerModule } from './worker-module';

export const nodeLauncher: WorkerLauncher = {
  async spawner(kind, preload, limits) {
    const worker = await workerModule();
    const options = {
      ...(preload ? withPreload(worker, preload) : worker),
      maxMemoryMb: limits?.maxMemoryMb ?? defaultWorkerMemoryMb(),
    };
    return kind === 'thread' ? threadSpawner(options) : childProcessSpawner(options);
  },
};

/** Registers the Node launcher for pool runners; with `ifAbsent`, a host's own launcher stays. */
export function useNodeWorkers(options: { ifAbsent?: boolean } = {}): void {
  setWorkerLauncher(nodeLauncher, options);
}
