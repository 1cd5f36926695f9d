import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { AppEvent, RunOptions } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import { call, onEvent } from '../api/client';
import { frameBatcher } from '../lib/frame-batcher';
import { applyEvent, emptyHead, fromLiveRun, type LogLine, type NodeView, type RunHead } from '../lib/run-state';
import { reported } from './notify';

const MAX_LOGS = 5000;

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
};

export const useRunStore = defineStore('run', () => {
  const form = reactive<RunForm>({
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 4,
    fromNodes: [],
    toNodes: [],
    tags: [],
  });
  const head = reactive<RunHead>(emptyHead());
  /** Keyed by node name; each graph node reads only its own key. */
  const nodes = reactive<Record<string, NodeView>>({});
  const logs = shallowRef<LogLine[]>([]);
  const starting = ref(false);
  const running = computed(() => head.status === 'running');
  const total = computed(() => head.order.length);
  const done = computed(() => head.order.reduce((n, name) => n + (nodes[name]?.status === 'done' ? 1 : 0), 0));
  const batch = frameBatcher<{ runId: string; event: RunEvent }>(flush);
  let unsubscribe: (() => void) | null = null;

  return {
    form,
    head,
    nodes,
    logs,
    starting,
    running,
    total,
    done,
    hydrate,
    start,
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
    if (current && (head.runId === null || latest.runId === head.runId)) {
      fromLiveRun(latest, head, nodes);
      logs.value = [];
    }
  }

  function handle(e: AppEvent): void {
    if (e.channel === 'run') batch.push({ runId: e.runId, event: e.event });
  }

  function flush(items: Array<{ runId: string; event: RunEvent }>): void {
    let lines = logs.value;
    let changed = false;
    for (const { runId, event } of items) {
      if (event.type === 'run-start') head.runId = runId;
      else if (runId !== head.runId) continue;
      if (event.type === 'run-start') lines = [];
      if (event.type === 'log' || event.type === 'run-start') {
        // A new array per frame, so components given the lines as a prop see the change.
        if (!changed) lines = lines.slice(lines.length >= MAX_LOGS ? lines.length - MAX_LOGS + items.length : 0);
        changed = true;
      }
      applyEvent(head, nodes, lines, event);
    }
    if (changed) logs.value = lines;
  }

  async function start(pipeline: string): Promise<void> {
    if (running.value || starting.value) return;
    starting.value = true;
    try {
      const options: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(form)) {
        if (Array.isArray(v) ? v.length : v !== undefined) options[k] = Array.isArray(v) ? [...v] : v;
      }
      const { runId } = await reported('Could not start the run', () =>
        call('runs.start', { ...(options as Omit<RunOptions, 'pipeline'>), pipeline }),
      );
      adoptStarted(runId, pipeline);
    } finally {
      starting.value = false;
    }
  }

  async function resume(runId: string, fromNodes?: string[]): Promise<void> {
    starting.value = true;
    try {
      const res = await reported('Could not resume the run', () => call('runs.resume', { runId, fromNodes }));
      adoptStarted(res.runId, head.pipeline);
    } finally {
      starting.value = false;
    }
  }

  function adoptStarted(runId: string, pipeline: string): void {
    // The run-start event may already have arrived (then it set runId); if not, expect it.
    if (head.runId !== runId) {
      Object.assign(head, { ...emptyHead(), runId, pipeline, status: 'running', startedAt: Date.now() });
      for (const k of Object.keys(nodes)) delete nodes[k];
      logs.value = [];
    }
  }

  async function cancel(): Promise<void> {
    if (!head.runId || !running.value) return;
    const runId = head.runId;
    await reported('Could not cancel the run', () => call('runs.cancel', { runId }));
  }

  function reset(): void {
    Object.assign(head, emptyHead());
    for (const k of Object.keys(nodes)) delete nodes[k];
    logs.value = [];
  }
});
