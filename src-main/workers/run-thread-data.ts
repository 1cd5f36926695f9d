/** The `workerData` key that makes the worker module the CLI's run thread (cli/run-thread.ts). */
export const RUN_THREAD_DATA = 'pipewrightRunThread';
