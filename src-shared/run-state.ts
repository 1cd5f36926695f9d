// The one fold of a run's events into its state and its nodes' states. Pure and JSON-safe: the
// CLI's outcome (`--json`), the app's live runs, and the renderer's canvas all read runs through it,
// so they cannot disagree about what an event means.
import type { NodeState } from './api-types';
import type { ErrorInfo, RunEvent, RunStatus } from './run-events';

export interface RunState {
  runId: string;
  pipeline: string;
  runner: string;
  isAsync: boolean;
  maxWorkers: number;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  /** In the run's (topological) order. */
  nodes: NodeState[];
  error?: ErrorInfo;
  resumeFrom?: string[];
  freeOutputs?: string[];
}

export function newRunState(
  runId: string,
  pipeline: string,
  runner: string,
  nodes: readonly string[],
  at = Date.now(),
): RunState {
  return {
    runId,
    pipeline,
    runner,
    isAsync: false,
    maxWorkers: 1,
    status: 'running',
    startedAt: at,
    nodes: nodes.map(waiting),
  };
}

const waiting = (name: string): NodeState => ({ name, status: 'waiting' });

/**
 * A node's state after a node event (a new object, so a reactive view sees the change), or
 * undefined when the event is not about one node.
 */
export function nodeAfter(prev: NodeState | undefined, event: RunEvent): NodeState | undefined {
  switch (event.type) {
    case 'node-queued':
      return { name: event.node, status: 'queued', queuedAt: event.at };
    case 'node-start':
      return {
        name: event.node,
        status: 'running',
        worker: event.worker,
        queuedAt: prev?.queuedAt,
        startedAt: event.at,
      };
    case 'node-end':
      return {
        name: event.node,
        status: event.status,
        worker: event.worker,
        queuedAt: prev?.queuedAt,
        startedAt: prev?.startedAt,
        endedAt: event.at,
        ...event.timings,
        error: event.error,
      };
    case 'node-skip':
      return { name: event.node, status: 'skipped', queuedAt: prev?.queuedAt };
    default:
      return undefined;
  }
}

/**
 * A node's state once its run has ended with `runStatus`: a node still running was stopped with
 * the run (interrupted when the run's process died, else cancelled), a node still waiting or
 * queued never ran (skipped), and a finished node keeps its state (a done node's outputs exist). The history
 * stores the same.
 */
export function settledNode(node: NodeState, runStatus: RunStatus = 'cancelled'): NodeState {
  if (node.status === 'running') return { ...node, status: runStatus === 'interrupted' ? 'interrupted' : 'cancelled' };
  if (node.status === 'waiting' || node.status === 'queued') return { ...node, status: 'skipped' };
  return node;
}

const indexes = new WeakMap<NodeState[], Map<string, number>>();

function indexOf(nodes: NodeState[], name: string): number {
  let index = indexes.get(nodes);
  if (!index) indexes.set(nodes, (index = new Map(nodes.map((n, i) => [n.name, i]))));
  let i = index.get(name);
  if (i === undefined) {
    i = nodes.push(waiting(name)) - 1;
    index.set(name, i);
  }
  return i;
}

/** Applies one event to a run's state, in place. */
export function applyRunEvent(run: RunState, event: RunEvent): void {
  switch (event.type) {
    case 'run-start':
      Object.assign(run, {
        runId: event.runId || run.runId,
        pipeline: event.pipeline,
        runner: event.runner,
        isAsync: event.isAsync,
        maxWorkers: event.maxWorkers,
        status: 'running',
        startedAt: event.at,
        nodes: event.nodes.map(waiting),
      });
      break;
    case 'node-queued':
    case 'node-start':
    case 'node-end':
    case 'node-skip': {
      const i = indexOf(run.nodes, event.node);
      run.nodes[i] = nodeAfter(run.nodes[i], event)!;
      break;
    }
    case 'run-end':
      run.status = event.status;
      run.endedAt = event.at;
      run.error = event.error;
      run.resumeFrom = event.resumeFrom;
      run.freeOutputs = event.freeOutputs;
      run.nodes = run.nodes.map((n) => settledNode(n, event.status));
      break;
    default:
      break;
  }
}
