import { availableParallelism } from 'node:os';
import { setWorkerLauncher } from './engine/pool/launcher';
import type { WorkerLauncher } from './engine/pool/types';
import { WorkerPool } from './engine/pool/worker-pool';
import type { AppServices } from './services/create-services';
import { threadSpawner, utilityProcessSpawner, withPreload, type UtilityProcessApi } from './workers/spawners';

const defaultSize = () => Math.max(2, availableParallelism());

/**
 * The ParallelRunner's pool on Electron utility processes, started once and kept warm between
 * runs. `utilityProcess` is injected by index.ts (it only works after the app's ready event).
 */
export function createAppPool(utilityProcess: UtilityProcessApi, workerPath: string, size = defaultSize()): WorkerPool {
  return new WorkerPool({ size, spawn: utilityProcessSpawner(utilityProcess, workerPath) });
}

/** ThreadRunner's pool on the built worker bundle: the jiti bootstrap the CLI uses is not packaged. */
export function createThreadPool(workerPath: string, size = defaultSize()): WorkerPool {
  return new WorkerPool({ size, spawn: threadSpawner({ modulePath: workerPath }) });
}

/**
 * Workers for the pools runners start themselves in the app (a project's runner extending
 * ThreadRunner): the built worker bundle, on threads or utility processes. Registered once.
 */
export function useAppWorkers(utilityProcess: UtilityProcessApi, workerPath: string): void {
  const launcher: WorkerLauncher = {
    spawner: (kind, preload) => {
      const { env } = preload ? withPreload({}, preload) : { env: undefined };
      return kind === 'thread'
        ? threadSpawner({ modulePath: workerPath, env })
        : utilityProcessSpawner(utilityProcess, workerPath, env);
    },
  };
  setWorkerLauncher(launcher);
}

/**
 * Warm pools load the project as soon as it opens or is reloaded, so the first run dispatches at
 * once. When its files change they forget it (the next run loads it afresh), rather than load a
 * project that may be half edited at every save. Returns the unsubscribe.
 */
export function keepPoolsOnProject(
  services: Pick<AppServices, 'onEvent' | 'projects'>,
  pools: WorkerPool[],
): () => void {
  return services.onEvent((event) => {
    if (event.channel !== 'project') return;
    if (event.kind !== 'opened') for (const pool of pools) pool.forgetProjects();
    const open = services.projects.current;
    if (open && event.kind !== 'changed') for (const pool of pools) pool.preload(open.project.ref());
  });
}
