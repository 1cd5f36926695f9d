import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowReactive, shallowRef, toRaw } from 'vue';
import type { AppEvent, RunOptions } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import { call, onEvent } from '../api/client';
import { nestOverrides } from '../components/run/param-overrides';
import { applyEvent, emptyHead, fromLiveRun, type LogLine, type NodeView, type RunHead } from '../lib/run-state';
import { runStateBatcher } from '../lib/run-state-batcher';
import { reported, useNotifyStore } from './notify';

const MAX_LOGS = 5000;
/**
 * While a run reports, its log, node states and timeline are repainted this often, not on every
 * batch of events (the host sends them at this pace too, `RUN_EVENT_BATCH_MS`); its end is shown at once.
 */
export const RUN_REPAINT_MS = 250; // = RUN_EVENT_BATCH_MS (not imported: the contract's module brings zod)
const NODE_EVENTS = new Set<RunEvent['type']>(['node-queued', 'node-start', 'node-end', 'node-skip']);
const orderSets = new WeakMap<string[], Set<string>>();
/** The run's node names as a set, built once per run (the order array is replaced, never edited). */
function orderSet(order: string[]): Set<string> {
  let set = orderSets.get(order);
  if (!set) orderSets.set(order, (set = new Set(order)));
  return set;
}
/** Toasts about starting a run: a run that starts clears them, as their problem is fixed. */
const START_ERRORS = ['Could not start the run', 'Could not resume the run'];

/** The node filters a run from the graph uses: this node only, up to it, or from it on. */
export type NodeRunScope = 'nodes' | 'toNodes' | 'fromNodes';

/**
 * The run panel's form: the run request's options (any of them; a new option needs only its
 * control), with the panel's defaults. Empty lists are sent as absent.
 */
export type RunForm = Omit<RunOptions, 'pipeline'> & {
  runner: string;
  isAsync: boolean;
  maxWorkers: number;
  fromNodes: string[];
  toNodes: string[];
  tags: string[];
  /** Parameter overrides by dotted key (`model.alpha`): only the values changed in the form. */
  params: Record<string, unknown>;
  /** The version to load, by versioned dataset; a dataset left out loads its latest. */
  loadVersions: Record<string, string>;
};

export const useRunStore = defineStore('run', () => {
  const form = reactive<RunForm>({
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 4,
    fromNodes: [],
    toNodes: [],
    tags: [],
    params: {},
    loadVersions: {},
  });
  const head = reactive<RunHead>(emptyHead());
  /**
   * Keyed by node name; each graph node reads only its own key. The values are plain objects,
   * replaced (never mutated) when a node's state changes, so a change triggers that key alone.
   */
  const nodes = shallowReactive<Record<string, NodeView>>({});
  const logs = shallowRef<LogLine[]>([]);
  // The fold works on plain copies; publish() hands a batch's result to the reactive view once.
  const work = { head: emptyHead(), nodes: {} as Record<string, NodeView> };
  const doneCount = ref(0);
  /**
   * Counts the batches in which some node's status changed (not only its times): a view that draws
   * every node by status (the zoomed-out canvas) watches this one number instead of every node.
   */
  const statusVersion = ref(0);
  const starting = ref(false);
  const running = computed(() => head.status === 'running');
  /** The run ended without succeeding (failed, cancelled, interrupted): it can be resumed. */
  const stoppedEarly = computed(
    () => head.status === 'failed' || head.status === 'cancelled' || head.status === 'interrupted',
  );
  const total = computed(() => head.order.length);
  const done = computed(() => doneCount.value);
  const batch = runStateBatcher<{ runId: string; event: RunEvent }>(flush, RUN_REPAINT_MS);
  let unsubscribe: (() => void) | null = null;

  return {
    form,
    head,
    nodes,
    logs,
    starting,
    running,
    stoppedEarly,
    total,
    done,
    statusVersion,
    hydrate,
    start,
    runNode,
    cancel,
    resume,
    handle,
    flushNow: () => batch.flushNow(),
    reset,
  };

  /** Adopts the host's latest run, unless it is older than `since` (a run of a project opened before). */
  async function hydrate(since = 0): Promise<void> {
    unsubscribe ??= onEvent(handle);
    const live = await reported('Could not read the current run', () => call('runs.live'));
    const latest = [...live].sort((a, b) => b.startedAt - a.startedAt)[0];
    const current = latest && (latest.status === 'running' || latest.startedAt >= since);
    if (current && (work.head.runId === null || latest.runId === work.head.runId)) {
      fromLiveRun(latest, work.head, work.nodes);
      publish();
      logs.value = [];
    }
  }

  function handle(e: AppEvent): void {
    if (e.channel !== 'run') return;
    batch.push({ runId: e.runId, event: e.event });
    // The run's end is shown at once, not at the next repaint: it is what the user waits for.
    if (e.event.type === 'run-end') batch.flushNow();
  }

  /** Folds a batch of events into the plain copies, then publishes the result once. */
  function flush(items: Array<{ runId: string; event: RunEvent }>): void {
    let lines = logs.value;
    let changed = false;
    // The nodes this batch's events are about; null when every node may have changed.
    let touched: Set<string> | null = new Set();
    for (const { runId, event } of items) {
      if (event.type === 'run-start') work.head.runId = runId;
      else if (runId !== work.head.runId) continue;
      if (event.type === 'run-start') lines = [];
      if (!changed && (event.type === 'log' || event.type === 'run-start')) {
        // A new array per batch, so components given the lines as a prop see the change.
        lines = lines.slice();
        changed = true;
      }
      if (event.type === 'run-start' || event.type === 'run-end') touched = null;
      else if (NODE_EVENTS.has(event.type)) touched?.add((event as { node: string }).node);
      applyEvent(work.head, work.nodes, lines, event);
    }
    publish(touched);
    if (changed) logs.value = lines.length > MAX_LOGS ? lines.slice(lines.length - MAX_LOGS) : lines;
  }

  /**
   * Copies the fold's result into the reactive view: only the nodes whose state object changed,
   * looking at `touched` alone when given (a batch of a running run), else at every node.
   */
  function publish(touched: Set<string> | null = null): void {
    const shown = toRaw(nodes);
    let statusChanged = false;
    if (!touched)
      for (const name of Object.keys(shown))
        if (!(name in work.nodes)) {
          delete nodes[name];
          statusChanged = true;
        }
    const inOrder = orderSet(work.head.order);
    let done = touched ? doneCount.value : 0;
    for (const name of touched ?? Object.keys(work.nodes)) {
      const view = work.nodes[name];
      const was = shown[name];
      if (!touched && view?.status === 'done' && inOrder.has(name)) done++;
      if (!view || was === view) continue;
      if (was?.status !== view.status) {
        statusChanged = true;
        if (touched && inOrder.has(name)) done += Number(view.status === 'done') - Number(was?.status === 'done');
      }
      nodes[name] = markRaw(view);
    }
    if (statusChanged) statusVersion.value++;
    doneCount.value = done;
    // The order is replaced whole, never edited: reading it need not track 1,000 indexes.
    Object.assign(head, { ...work.head, order: markRaw(work.head.order) });
  }

  /** Runs the form's request; `filters` replace the form's node filters for this run only. */
  async function start(pipeline: string, filters?: Partial<Pick<RunOptions, NodeRunScope>>): Promise<void> {
    if (running.value || starting.value) return;
    starting.value = true;
    try {
      const options = requestOf(filters);
      const { runId } = await reported('Could not start the run', () =>
        call('runs.start', { ...(options as Omit<RunOptions, 'pipeline'>), pipeline }),
      );
      clearStartErrors();
      adoptStarted(runId, pipeline);
    } finally {
      starting.value = false;
    }
  }

  /** "Run this node", "Run to here", "Run from here": the form's options with one node filter. */
  function runNode(pipeline: string, scope: NodeRunScope, node: string): Promise<void> {
    return start(pipeline, { [scope]: [node] });
  }

  /** The form as a run request: empty lists and records are sent as absent. */
  function requestOf(filters?: Partial<Pick<RunOptions, NodeRunScope>>): Record<string, unknown> {
    const options: Record<string, unknown> = {};
    const source: Record<string, unknown> = { ...form };
    if (filters) {
      delete source.fromNodes;
      delete source.toNodes;
      delete source.nodes;
      Object.assign(source, filters);
    }
    source.params = nestOverrides(form.params);
    for (const [k, v] of Object.entries(source)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (v.length) options[k] = [...v];
      } else if (v !== null && typeof v === 'object') {
        if (Object.keys(v).length) options[k] = JSON.parse(JSON.stringify(v));
      } else options[k] = v;
    }
    return options;
  }

  function clearStartErrors(): void {
    const notify = useNotifyStore();
    notify.toasts = notify.toasts.filter((t) => !START_ERRORS.includes(t.title));
  }

  async function resume(runId: string, fromNodes?: string[]): Promise<void> {
    starting.value = true;
    try {
      const res = await reported('Could not resume the run', () => call('runs.resume', { runId, fromNodes }));
      clearStartErrors();
      adoptStarted(res.runId, head.pipeline);
    } finally {
      starting.value = false;
    }
  }

  function adoptStarted(runId: string, pipeline: string): void {
    // The run-start event may already have arrived (then it set runId); if not, expect it.
    if (work.head.runId !== runId) {
      Object.assign(work.head, { ...emptyHead(), runId, pipeline, status: 'running', startedAt: Date.now() });
      work.nodes = {};
      publish();
      logs.value = [];
    }
  }

  async function cancel(): Promise<void> {
    if (!head.runId || !running.value) return;
    const runId = head.runId;
    await reported('Could not cancel the run', () => call('runs.cancel', { runId }));
  }

  function reset(): void {
    work.head = emptyHead();
    work.nodes = {};
    publish();
    logs.value = [];
  }
});
