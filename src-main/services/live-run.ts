import type { LiveRun, NodeState } from '../../src-shared/api-types';
import type { RunEvent } from '../../src-shared/run-events';

/** Folds a run's events into the snapshot `runs.live` returns (a renderer that reconnects starts from it). */
export function applyEvent(run: LiveRun, event: RunEvent): void {
  const node = (name: string): NodeState => {
    let n = run.nodes.find((x) => x.name === name);
    if (!n) run.nodes.push((n = { name, status: 'waiting' }));
    return n;
  };
  switch (event.type) {
    case 'run-start':
      run.startedAt = event.at;
      run.runner = event.runner;
      run.isAsync = event.isAsync;
      run.maxWorkers = event.maxWorkers;
      run.nodes = event.nodes.map((name) => ({ name, status: 'waiting' }));
      break;
    case 'node-start':
      Object.assign(node(event.node), { status: 'running', worker: event.worker, startedAt: event.at });
      break;
    case 'node-end':
      Object.assign(node(event.node), { status: event.status, worker: event.worker, endedAt: event.at, ...event.timings, error: event.error });
      break;
    case 'node-skip':
      node(event.node).status = 'skipped';
      break;
    case 'run-end':
      run.status = event.status;
      run.endedAt = event.at;
      run.error = event.error;
      run.resumeFrom = event.resumeFrom;
      break;
  }
}

export function newLiveRun(runId: string, pipeline: string, runner: string, nodes: string[]): LiveRun {
  return {
    runId,
    pipeline,
    runner,
    isAsync: false,
    maxWorkers: 1,
    status: 'running',
    startedAt: Date.now(),
    nodes: nodes.map((name) => ({ name, status: 'waiting' })),
    memoryDatasets: [],
  };
}
