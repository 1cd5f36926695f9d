// The canvas's view of a run: the shared fold (src-shared/run-state.ts) decides each node's state;
// this adds what only the view needs (a node's wall time, the first failed node, the log lines).
// Pure, so it is tested without Vue.
import type { LiveRun, NodeState } from '../../src-shared/contract';
import { nodeAfter, settledNode } from '../../src-shared/run-state';
import type { ErrorInfo, LogLevel, NodeStatus, RunEvent, RunStatus } from '../../src-shared/run-events';

export interface NodeView {
  status: NodeStatus;
  /** When it became ready and waited for a free worker. */
  queuedAt?: number;
  startedAt?: number;
  endedAt?: number;
  ms?: number;
  worker?: string;
  loadMs?: number;
  computeMs?: number;
  saveMs?: number;
  error?: ErrorInfo;
}

export interface LogLine {
  at: number;
  level: LogLevel;
  message: string;
  node?: string;
}

export interface RunHead {
  runId: string | null;
  pipeline: string;
  runner: string;
  status: RunStatus | 'idle';
  startedAt: number | null;
  endedAt: number | null;
  order: string[];
  error: ErrorInfo | null;
  resumeFrom: string[];
  failedNode: string | null;
}

export function emptyHead(): RunHead {
  return {
    runId: null,
    pipeline: '',
    runner: '',
    status: 'idle',
    startedAt: null,
    endedAt: null,
    order: [],
    error: null,
    resumeFrom: [],
    failedNode: null,
  };
}

/** Applies one event; returns the node names whose view changed. */
export function applyEvent(head: RunHead, nodes: Record<string, NodeView>, logs: LogLine[], e: RunEvent): void {
  switch (e.type) {
    case 'run-start':
      Object.assign(head, {
        ...emptyHead(),
        runId: head.runId,
        pipeline: e.pipeline,
        runner: e.runner,
        status: 'running',
        startedAt: e.at,
        order: e.nodes,
      });
      for (const k of Object.keys(nodes)) delete nodes[k];
      for (const n of e.nodes) nodes[n] = { status: 'waiting' };
      break;
    case 'node-queued':
    case 'node-start':
    case 'node-end':
    case 'node-skip': {
      const prev = nodes[e.node];
      const next = toView(nodeAfter(prev && { name: e.node, ...prev }, e)!);
      // A node's time is its wall time when its start was seen, else the sum of its phases.
      if (e.type === 'node-end' && next.ms === undefined)
        next.ms = e.timings.loadMs + e.timings.computeMs + e.timings.saveMs;
      nodes[e.node] = next;
      if (e.type === 'node-end' && e.status === 'failed' && !head.failedNode) head.failedNode = e.node;
      break;
    }
    case 'log':
      logs.push({ at: e.at, level: e.level, message: e.message, node: e.node });
      break;
    case 'run-end':
      head.status = e.status;
      head.endedAt = e.at;
      head.error = e.error ?? null;
      head.resumeFrom = e.resumeFrom ?? [];
      for (const [name, n] of Object.entries(nodes)) {
        const settled = settledNode({ name, ...n }, e.status);
        if (settled.status !== n.status) nodes[name] = { ...n, status: settled.status };
      }
      break;
    default:
      break;
  }
}

export function fromLiveRun(run: LiveRun, head: RunHead, nodes: Record<string, NodeView>): void {
  Object.assign(head, {
    ...emptyHead(),
    runId: run.runId,
    pipeline: run.pipeline,
    runner: run.runner,
    status: run.status,
    startedAt: run.startedAt,
    endedAt: run.endedAt ?? null,
    order: run.nodes.map((n) => n.name),
    error: run.error ?? null,
    resumeFrom: run.resumeFrom ?? [],
    failedNode: run.nodes.find((n) => n.status === 'failed')?.name ?? null,
  });
  for (const k of Object.keys(nodes)) delete nodes[k];
  for (const n of run.nodes) nodes[n.name] = toView(n);
}

function toView(n: NodeState): NodeView {
  const ms = n.startedAt && n.endedAt ? n.endedAt - n.startedAt : undefined;
  return {
    status: n.status,
    queuedAt: n.queuedAt,
    startedAt: n.startedAt,
    endedAt: n.endedAt,
    ms,
    worker: n.worker,
    loadMs: n.loadMs,
    computeMs: n.computeMs,
    saveMs: n.saveMs,
    error: n.error,
  };
}

export function countFinished(nodes: Record<string, NodeView>): number {
  let n = 0;
  for (const v of Object.values(nodes))
    if (
      v.status === 'done' ||
      v.status === 'failed' ||
      v.status === 'skipped' ||
      v.status === 'cancelled' ||
      v.status === 'interrupted'
    )
      n++;
  return n;
}
