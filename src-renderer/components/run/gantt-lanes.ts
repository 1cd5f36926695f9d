// A run's timeline as a Gantt chart: one lane per worker, each node a bar from its start to its
// end, split into load, compute and save, with the time it waited for a free worker before it.
// Pure (times in, positions out), so it is tested without a browser.
import type { NodeState } from '../../../src-shared/api-types';
import type { NodeStatus } from '../../../src-shared/run-events';

export interface GanttBar {
  name: string;
  status: NodeStatus;
  /** Milliseconds from the run's start. */
  start: number;
  end: number;
  /** When it became ready, if it waited for a worker (ms from the run's start). */
  queuedFrom?: number;
  queuedMs: number;
  loadMs: number;
  computeMs: number;
  saveMs: number;
}

export interface GanttLane {
  /** The worker's name ("thread-1", "process-123", "main"), or QUEUE_LANE. */
  worker: string;
  /** Bars that overlap in time (async nodes sharing a worker) go on separate rows of the lane. */
  rows: GanttBar[][];
}

export interface Gantt {
  lanes: GanttLane[];
  /** The run's length so far, in ms (at least 1). */
  span: number;
}

/** The lane of nodes that are ready but have no worker yet (a live run). */
export const QUEUE_LANE = 'queued';

const byName = new Intl.Collator(undefined, { numeric: true });

export function ganttLanes(
  nodes: readonly NodeState[],
  runStartedAt: number,
  runEndedAt: number | null | undefined,
  now: number,
): Gantt {
  const end = runEndedAt ?? now;
  const byWorker = new Map<string, GanttBar[]>();
  const waiting: GanttBar[] = [];
  let last = 0;
  for (const n of nodes) {
    const queuedFrom = n.queuedAt !== undefined ? n.queuedAt - runStartedAt : undefined;
    if (n.startedAt === undefined) {
      if (n.status === 'queued' && queuedFrom !== undefined) {
        const to = end - runStartedAt;
        waiting.push(bar(n, queuedFrom, to, undefined, to - queuedFrom));
        last = Math.max(last, to);
      }
      continue;
    }
    const start = n.startedAt - runStartedAt;
    const stop = (n.endedAt ?? end) - runStartedAt;
    const queuedMs = queuedFrom !== undefined ? Math.max(0, start - queuedFrom) : 0;
    const b = bar(n, start, Math.max(start, stop), queuedMs > 0 ? queuedFrom : undefined, queuedMs);
    const worker = n.worker ?? 'main';
    const list = byWorker.get(worker);
    if (list) list.push(b);
    else byWorker.set(worker, [b]);
    last = Math.max(last, b.end);
  }
  const lanes: GanttLane[] = [...byWorker.entries()]
    .sort(([a], [b]) => byName.compare(a, b))
    .map(([worker, bars]) => ({ worker, rows: pack(bars) }));
  if (waiting.length) lanes.push({ worker: QUEUE_LANE, rows: pack(waiting) });
  const span = Math.max(1, runEndedAt !== null && runEndedAt !== undefined ? runEndedAt - runStartedAt : last);
  return { lanes, span };
}

function bar(n: NodeState, start: number, end: number, queuedFrom: number | undefined, queuedMs: number): GanttBar {
  return {
    name: n.name,
    status: n.status,
    start,
    end,
    queuedFrom,
    queuedMs,
    loadMs: n.loadMs ?? 0,
    computeMs: n.computeMs ?? 0,
    saveMs: n.saveMs ?? 0,
  };
}

/** First-fit by start time: a bar goes on the first row whose last bar has ended. */
function pack(bars: GanttBar[]): GanttBar[][] {
  const rows: GanttBar[][] = [];
  for (const b of [...bars].sort((x, y) => x.start - y.start)) {
    const row = rows.find((r) => r[r.length - 1].end <= b.start);
    if (row) row.push(b);
    else rows.push([b]);
  }
  return rows;
}

/**
 * The shares of a bar's wall time spent loading, computing and saving (in %). What is left is
 * time the phases do not cover (handing values to and from the worker); phases measured on
 * another clock never add up to more than the bar.
 */
export function phaseShares(b: GanttBar): { load: number; compute: number; save: number } {
  const wall = b.end - b.start;
  const sum = b.loadMs + b.computeMs + b.saveMs;
  if (wall <= 0 || sum <= 0) return { load: 0, compute: 0, save: 0 };
  const scale = 100 / Math.max(wall, sum);
  return { load: b.loadMs * scale, compute: b.computeMs * scale, save: b.saveMs * scale };
}

/**
 * The time axis of a live run: the run's length so far rounded up to 1, 2 or 5 × a power of ten
 * (in ms), so the bars keep their places while the run grows and move only when the axis steps.
 */
export function liveScale(ms: number): number {
  let step = 100;
  for (;;) {
    for (const m of [1, 2, 5]) if (ms <= step * m) return step * m;
    step *= 10;
  }
}
