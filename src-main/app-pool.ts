import { availableParallelism } from 'node:os';
import { WorkerPool } from './engine/pool/worker-pool';
import { utilityProcessSpawner, type UtilityProcessApi } from './workers/spawners';

/**
 * The ParallelRunner's pool on Electron utility processes, started once and kept warm between
 * runs. `utilityProcess` is injected by index.ts (it only works after the app's ready event).
 */
export function createAppPool(utilityProcess: UtilityProcessApi, workerPath: string, size = Math.max(2, availableParallelism())): WorkerPool {
  return new WorkerPool({ size, spawn: utilityProcessSpawner(utilityProcess, workerPath) });
}
