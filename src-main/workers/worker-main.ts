// The worker module: the same file runs as a worker thread, a Node child process
// (child_process.fork) and an Electron utility process (utilityProcess.fork).
import { isMainThread, parentPort } from 'node:worker_threads';
import type { ProjectRef } from '../engine/runner/run-context';
import type { Project } from '../project/types';
import { childPort, threadPort, utilityPort, type UtilityParentPort } from './hosts';
import type { WorkerPort } from './protocol';
import { WorkerCore } from './worker-core';

function hostPort(): WorkerPort {
  if (!isMainThread && parentPort) return threadPort(parentPort);
  const electronPort = (process as { parentPort?: UtilityParentPort }).parentPort;
  if (electronPort) return utilityPort(electronPort);
  if (process.send) return childPort(process);
  throw new Error('The Pipewright worker must run as a worker thread, a forked child process or an Electron utility process.');
}

// A host may name another loader module (tests do, until a project's loader is at hand).
async function loadProjectFromRef(ref: ProjectRef): Promise<Project> {
  const custom = process.env.PIPEWRIGHT_PROJECT_LOADER;
  const mod = (custom ? await import(custom) : await import('../project/load-project')) as {
    loadProjectFromRef(ref: ProjectRef): Promise<Project>;
  };
  return mod.loadProjectFromRef(ref);
}

new WorkerCore(hostPort(), loadProjectFromRef).start();
