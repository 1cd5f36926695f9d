// The worker module: the same file runs as a worker thread, a Node child process
// (child_process.fork) and an Electron utility process (utilityProcess.fork).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadProjectFromRef } from '../project/load-project';
import { applyDeferredExtraCaCerts } from './extra-ca-certs';
import { childPort, threadPort, utilityPort, type UtilityParentPort } from './hosts';
import { PRELOAD_ENV } from './spawners';
import type { WorkerPort } from '../engine/pool/protocol';
import { WorkerCore, writeCodeCache } from './worker-core';
import { RUN_THREAD_DATA } from '../services/run-thread/run-thread-data';

function hostPort(): WorkerPort {
  if (!isMainThread && parentPort) return threadPort(parentPort);
  const electronPort = (process as { parentPort?: UtilityParentPort }).parentPort;
  if (electronPort) return utilityPort(electronPort);
  if (process.send) return childPort(process);
  throw new Error(
    'The Pipewright worker must run as a worker thread, a forked child process or an Electron utility process.',
  );
}

applyDeferredExtraCaCerts();
const runThread = isMainThread ? undefined : (workerData as Record<string, unknown> | undefined)?.[RUN_THREAD_DATA];
if (runThread) {
  // The thread of a whole SequentialRunner run (services/run-thread), not a pool worker.
  // Required here, not imported: a pool worker must not load what only a whole run needs (zod).
  const { runThreadMain } =
    require('../services/run-thread/run-thread-worker') as typeof import('../services/run-thread/run-thread-worker');
  runThreadMain(runThread as Parameters<typeof runThreadMain>[0]);
  // A run's thread answers no task, and a short run ends it within the loader's wait: the code
  // cache (when the bundle has none yet) is written as soon as the thread is first idle.
  setImmediate(writeCodeCache);
} else {
  const core = new WorkerCore(hostPort(), loadProjectFromRef);
  core.start();
  const preload = process.env[PRELOAD_ENV];
  if (preload) {
    delete process.env[PRELOAD_ENV];
    core.preload(JSON.parse(preload));
  }
}
