// Folds run events into the per-node view the canvas reads. Pure, so it is tested without Vue.
import type { LiveRun, NodeState } from '../../src-shared/contract';
import type { ErrorInfo, LogLevel, NodeStatus, RunEvent, RunStatus } from '../../src-shared/run-events';

export interface NodeView {
  status: NodeStatus;
  startedAt?: number;
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
  return { runId: null, pipeline: '', runner: '', status: 'idle', startedAt: null, endedAt: null, order: [], error: null, resumeFrom: [], failedNode: null };
}

/** Applies one event; returns the node names whose view changed. */
export function applyEvent(head: RunHead, nodes: Record<string, NodeView>, logs: LogLine[], e: RunEvent): void {
  switch (e.type) {
    case 'run-start':
      Object.assign(head, { ...emptyHead(), runId: head.runId, pipeline: e.pipeline, runner: e.runner, status: 'running', startedAt: e.at, order: e.nodes });
      for (const k of Object.keys(nodes)) delete nodes[k];
      for (const n of e.nodes) nodes[n] = { status: 'waiting' };
      break;
    case 'node-start':
      nodes[e.node] = { status: 'running', startedAt: e.at, worker: e.worker };
      break;
    case 'node-end': {
      const prev = nodes[e.node];
      nodes[e.node] = {
        status: e.status,
        worker: e.worker,
        ms: prev?.startedAt ? e.at - prev.startedAt : e.timings.loadMs + e.timings.computeMs + e.timings.saveMs,
        ...e.timings,
        error: e.error,
      };
      if (e.status === 'failed' && !head.failedNode) head.failedNode = e.node;
      break;
    }
    case 'node-skip':
      nodes[e.node] = { status: 'skipped' };
      break;
    case 'log':
      logs.push({ at: e.at, level: e.level, message: e.message, node: e.node });
      break;
    case 'run-end':
      head.status = e.status;
      head.endedAt = e.at;
      head.error = e.error ?? null;
      head.resumeFrom = e.resumeFrom ?? [];
      for (const n of Object.values(nodes)) if (n.status === 'waiting' && e.status !== 'success') n.status = 'skipped';
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
  return { status: n.status, startedAt: n.startedAt, ms, worker: n.worker, loadMs: n.loadMs, computeMs: n.computeMs, saveMs: n.saveMs, error: n.error };
}

export function countFinished(nodes: Record<string, NodeView>): number {
  let n = 0;
  for (const v of Object.values(nodes)) if (v.status === 'done' || v.status === 'failed' || v.status === 'skipped' || v.status === 'cancelled') n++;
  return n;
}
