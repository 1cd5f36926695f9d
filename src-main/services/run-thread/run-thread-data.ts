import type { RunRequest } from '../run-request';

/** The `workerData` key that makes the worker module a run's thread (run-thread.ts), not a pool worker. */
export const RUN_THREAD_DATA = 'pipewrightRunThread';

/** What a run's thread is started with. */
export interface RunThreadData {
  request: RunRequest;
  ring: SharedArrayBuffer;
  /** The host records runs: the thread reads the project's history for fingerprints. */
  fingerprints: boolean;
  /** The host previews the run's memory datasets: their values are sent back with the outcome. */
  keepMemory: boolean;
}
