import { availableParallelism } from 'node:os';
import { WorkerPool } from './engine/pool/worker-pool';
import { threadSpawner, utilityProcessSpawner, type UtilityProcessApi } from './workers/spawners';

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
