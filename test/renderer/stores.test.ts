// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isReactive, watchEffect } from 'vue';
import { RUN_EVENT_BATCH_MS, type AppEvent } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import { applyRunEvent, newRunState } from '../../src-shared/run-state';
import { call } from '../../src-renderer/api/client';
import { useGraphStore } from '../../src-renderer/stores/graph';
import { useNotifyStore } from '../../src-renderer/stores/notify';
import { useProjectStore } from '../../src-renderer/stores/project';
import { RUN_REPAINT_MS, useRunStore } from '../../src-renderer/stores/run';
import { chainGraph, summary } from './fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));
const mocked = vi.mocked(call);

beforeEach(() => {
  setActivePinia(createPinia());
  mocked.mockReset();
});

const ev = (runId: string, event: RunEvent): AppEvent => ({ channel: 'run', runId, event });
/** The start of a SequentialRunner run of `nodes`. */
const runStart = (runId: string, nodes: string[]): AppEvent =>
  ev(runId, {
    type: 'run-start',
    runId,
    at: 0,
    pipeline: 'p',
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 1,
    nodes,
  });

describe('run store', () => {
  it('repaints a running run at the pace the host sends its events', () => {
    expect(RUN_REPAINT_MS).toBe(RUN_EVENT_BATCH_MS);
  });

  it('starts a run with the panel options and folds events into node states, progress and logs', async () => {
    mocked.mockResolvedValueOnce({ runId: 'r1' } as never);
    const run = useRunStore();
    Object.assign(run.form, { runner: 'ThreadRunner', isAsync: true, maxWorkers: 3, fromNodes: ['train'] });
    await run.start('__default__');
    expect(mocked).toHaveBeenCalledWith(
      'runs.start',
      expect.objectContaining({
        pipeline: '__default__',
        runner: 'ThreadRunner',
        isAsync: true,
        maxWorkers: 3,
        fromNodes: ['train'],
      }),
    );
    expect(mocked.mock.calls[0][1]).not.toHaveProperty('toNodes'); // empty lists are not sent
    expect(mocked.mock.calls[0][1]).not.toHaveProperty('onlyMissingOutputs'); // nor options left alone
    run.handle(
      ev('r1', {
        type: 'run-start',
        runId: 'r1',
        at: 1000,
        pipeline: '__default__',
        runner: 'ThreadRunner',
        isAsync: true,
        maxWorkers: 3,
        nodes: ['clean', 'train'],
      }),
    );
    run.handle(ev('r1', { type: 'node-start', at: 1001, node: 'clean', worker: 'thread-1' }));
    run.handle(ev('r1', { type: 'log', at: 1002, level: 'info', message: 'Running node: clean', node: 'clean' }));
    // Batched: nothing changes until the frame flushes.
    expect(run.nodes.clean).toBeUndefined();
    run.flushNow();
    expect(run.nodes.clean.status).toBe('running');
    expect(run.nodes.train.status).toBe('waiting');
    expect(run.logs).toHaveLength(1);
    run.handle(
      ev('r1', {
        type: 'node-end',
        at: 1051,
        node: 'clean',
        worker: 'thread-1',
        status: 'done',
        timings: { loadMs: 10, computeMs: 30, saveMs: 10 },
      }),
    );
    run.handle(
      ev('r1', {
        type: 'node-end',
        at: 1090,
        node: 'train',
        worker: 'thread-2',
        status: 'failed',
        timings: { loadMs: 1, computeMs: 2, saveMs: 0 },
        error: { name: 'Error', message: 'boom', stack: 'Error: boom\n at train' },
      }),
    );
    run.handle(ev('r1', { type: 'run-end', at: 1100, status: 'failed', resumeFrom: ['train'], freeOutputs: [] }));
    run.flushNow();
    expect(run.nodes.clean).toMatchObject({ status: 'done', ms: 50, computeMs: 30 });
    expect(run.done).toBe(1);
    expect(run.total).toBe(2);
    expect(run.head).toMatchObject({ status: 'failed', failedNode: 'train', resumeFrom: ['train'] });
    expect(run.nodes.train.error?.message).toBe('boom');
  });

  it('ignores events of other runs once a run is current, and marks nodes skipped on cancel', () => {
    const run = useRunStore();
    run.handle(runStart('r1', ['a', 'b']));
    run.handle(ev('zz', { type: 'node-start', at: 1, node: 'a', worker: 'main' }));
    run.handle(ev('r1', { type: 'run-end', at: 5, status: 'cancelled', freeOutputs: [] }));
    run.flushNow();
    expect(run.nodes.a.status).toBe('skipped');
    expect(run.head.status).toBe('cancelled');
  });

  it('hands a frame of events to the view once: only the nodes whose state changed are triggered', () => {
    const run = useRunStore();
    const names = Array.from({ length: 1000 }, (_, i) => `n${i}`);
    run.handle(
      ev('r1', {
        type: 'run-start',
        runId: 'r1',
        at: 0,
        pipeline: 'p',
        runner: 'SequentialRunner',
        isAsync: false,
        maxWorkers: 1,
        nodes: names,
      }),
    );
    run.flushNow();
    const seen: Record<string, number> = { n0: 0, n1: 0, n2: 0 };
    const stops = Object.keys(seen).map((name) =>
      watchEffect(() => void (run.nodes[name]?.status, seen[name]!++), { flush: 'sync' }),
    );
    let progress = 0;
    const stopProgress = watchEffect(() => void (run.done, progress++), { flush: 'sync' });
    const before = { ...seen };
    // One frame: n0 goes queued → running → done, n1 only starts; n2 hears nothing.
    run.handle(ev('r1', { type: 'node-queued', at: 1, node: 'n0' }));
    run.handle(ev('r1', { type: 'node-start', at: 2, node: 'n0', worker: 'thread-1' }));
    run.handle(ev('r1', { type: 'log', at: 3, level: 'info', message: 'Running node: n0', node: 'n0' }));
    run.handle(ev('r1', { type: 'node-queued', at: 3, node: 'n1' }));
    run.handle(
      ev('r1', {
        type: 'node-end',
        at: 4,
        node: 'n0',
        status: 'done',
        worker: 'thread-1',
        timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
      }),
    );
    expect(seen).toEqual(before); // nothing reaches the view before the frame
    run.flushNow();
    expect(seen).toEqual({ n0: before.n0! + 1, n1: before.n1! + 1, n2: before.n2 });
    expect(run.nodes.n0).toMatchObject({ status: 'done', startedAt: 2, endedAt: 4 });
    expect(run.done).toBe(1);
    expect(progress).toBe(2);
    // The node states are plain objects: a thousand of them are not made deeply reactive.
    expect(isReactive(run.nodes.n0)).toBe(false);
    expect(isReactive(run.head.order)).toBe(false);
    expect(run.logs.map((l) => l.message)).toEqual(['Running node: n0']);
    for (const stop of [...stops, stopProgress]) stop();
  });

  it("shows a run's end at once, with the events before it, instead of a frame later", () => {
    const run = useRunStore();
    const start: RunEvent = {
      type: 'run-start',
      runId: 'r1',
      at: 0,
      pipeline: 'p',
      runner: 'SequentialRunner',
      isAsync: false,
      maxWorkers: 1,
      nodes: ['a'],
    };
    run.handle(ev('r1', start));
    run.handle(ev('r1', { type: 'node-start', at: 1, node: 'a', worker: 'main' }));
    run.handle(ev('r1', { type: 'log', at: 2, level: 'info', message: 'Completed 1 out of 1 tasks' }));
    expect(run.head.status).toBe('idle'); // routine events wait for the frame
    run.handle(
      ev('r1', {
        type: 'node-end',
        at: 3,
        node: 'a',
        status: 'done',
        worker: 'main',
        timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
      }),
    );
    run.handle(ev('r1', { type: 'run-end', at: 4, status: 'success', freeOutputs: [] }));
    expect(run.head.status).toBe('success');
    expect(run.done).toBe(1);
    expect(run.logs.map((l) => l.message)).toEqual(['Completed 1 out of 1 tasks']);
  });

  it('keeps the newest 5,000 log lines when one batch brings more', () => {
    const run = useRunStore();
    run.handle(runStart('r1', ['a']));
    for (let i = 1; i <= 6000; i++) run.handle(ev('r1', { type: 'log', at: i, level: 'info', message: `line ${i}` }));
    run.flushNow();
    expect(run.logs).toHaveLength(5000);
    expect(run.logs[0].message).toBe('line 1001');
    expect(run.logs.at(-1)!.message).toBe('line 6000');
  });

  it('counts the batches in which a node status changed, not those that only add times or logs', () => {
    const run = useRunStore();
    run.handle(runStart('r1', ['a', 'b']));
    run.flushNow();
    const first = run.statusVersion;
    run.handle(ev('r1', { type: 'node-start', at: 1, node: 'a', worker: 'main' }));
    run.handle(ev('r1', { type: 'node-queued', at: 1, node: 'b' }));
    run.flushNow();
    expect(run.statusVersion).toBe(first + 1); // two nodes changed, one frame
    run.handle(ev('r1', { type: 'log', at: 2, level: 'info', message: 'Running node: a', node: 'a' }));
    run.handle(ev('r1', { type: 'node-start', at: 3, node: 'a', worker: 'main' })); // running again: same status
    run.flushNow();
    expect(run.statusVersion).toBe(first + 1);
    expect(run.nodes.a.startedAt).toBe(3);
    run.reset();
    expect(run.statusVersion).toBe(first + 2);
  });

  it('sends the "Only missing outputs" option when it is ticked', async () => {
    mocked.mockResolvedValueOnce({ runId: 'r1' } as never);
    const run = useRunStore();
    run.form.onlyMissingOutputs = true;
    await run.start('__default__');
    expect(mocked).toHaveBeenCalledWith(
      'runs.start',
      expect.objectContaining({ pipeline: '__default__', onlyMissingOutputs: true }),
    );
  });

  it('folds events to the same node states as the host does (one fold, src-shared/run-state)', () => {
    const events: RunEvent[] = [
      {
        type: 'run-start',
        runId: 'r1',
        at: 0,
        pipeline: 'p',
        runner: 'ThreadRunner',
        isAsync: false,
        maxWorkers: 2,
        nodes: ['a', 'b', 'c', 'd'],
      },
      { type: 'node-start', at: 1, node: 'a', worker: 'thread-1' },
      {
        type: 'node-end',
        at: 5,
        node: 'a',
        worker: 'thread-1',
        status: 'done',
        timings: { loadMs: 1, computeMs: 2, saveMs: 1 },
      },
      { type: 'node-start', at: 6, node: 'b', worker: 'thread-1' },
      { type: 'node-start', at: 6, node: 'c', worker: 'thread-2' },
      {
        type: 'node-end',
        at: 9,
        node: 'b',
        worker: 'thread-1',
        status: 'failed',
        timings: { loadMs: 0, computeMs: 3, saveMs: 0 },
        error: { name: 'Error', message: 'b broke' },
      },
      { type: 'run-end', at: 10, status: 'failed', freeOutputs: [], resumeFrom: ['b'] },
    ];
    const run = useRunStore();
    for (const e of events) run.handle(ev('r1', e));
    run.flushNow();
    const host = newRunState('r1', 'p', 'ThreadRunner', []);
    for (const e of events) applyRunEvent(host, e);
    const view = Object.fromEntries(
      Object.entries(run.nodes).map(([name, n]) => [
        name,
        { status: n.status, worker: n.worker, error: n.error?.message },
      ]),
    );
    expect(view).toEqual(
      Object.fromEntries(
        host.nodes.map((n) => [n.name, { status: n.status, worker: n.worker, error: n.error?.message }]),
      ),
    );
    expect(host.nodes.map((n) => n.status)).toEqual(['done', 'failed', 'cancelled', 'skipped']);
    expect(run.nodes.a.ms).toBe(4);
    expect(run.head.failedNode).toBe('b');
  });

  it('cancels the current run', async () => {
    const run = useRunStore();
    run.handle(runStart('r1', ['a']));
    run.flushNow();
    mocked.mockResolvedValueOnce({ cancelled: true } as never);
    await run.cancel();
    expect(mocked).toHaveBeenCalledWith('runs.cancel', { runId: 'r1' });
  });

  it('reports a failed start centrally, then rethrows', async () => {
    mocked.mockRejectedValueOnce(new Error("Unknown runner 'Nope'"));
    const run = useRunStore();
    await expect(run.start('__default__')).rejects.toThrow('Unknown runner');
    expect(useNotifyStore().toasts[0]).toMatchObject({
      level: 'error',
      title: 'Could not start the run',
      message: "Unknown runner 'Nope'",
    });
  });
});

describe('graph store', () => {
  async function loaded() {
    mocked.mockResolvedValueOnce(chainGraph() as never);
    const graph = useGraphStore();
    await graph.hydrate('__default__');
    return graph;
  }

  it('loads and lays out a pipeline top to bottom', async () => {
    const graph = await loaded();
    expect(mocked).toHaveBeenCalledWith('pipelines.graph', { pipeline: '__default__' });
    const p = graph.positions.nodes;
    expect(Object.keys(p)).toHaveLength(8);
    expect(p['ds:raw'].y).toBeLessThan(p['fn:clean'].y);
    expect(p['fn:clean'].y).toBeLessThan(p['ds:cleaned'].y);
    expect(p['ds:cleaned'].y).toBeLessThan(p['fn:train'].y);
  });

  it('lights the lineage of a selected node and dims the rest', async () => {
    const graph = await loaded();
    graph.select('fn:train');
    expect(graph.emphasis['fn:train']).toBe('sel');
    expect(graph.emphasis['ds:raw']).toBe('lit');
    expect(graph.emphasis['ds:model']).toBe('lit');
    expect(graph.emphasis['fn:report']).toBe('dim');
    graph.select(null);
    expect(graph.emphasis['fn:report']).toBeUndefined();
  });

  it('searches by name and filters by tag with the datasets the tagged functions touch', async () => {
    const graph = await loaded();
    graph.setQuery('tra');
    expect(graph.matches.map((m) => m.id)).toEqual(['fn:train']);
    expect(graph.emphasis['fn:train']).toBe('match');
    await graph.setTags(['ml']);
    expect(graph.shown!.nodes.map((n) => n.id).sort()).toEqual([
      'ds:cleaned',
      'ds:model',
      'fn:train',
      'param:params:rate',
    ]);
  });
});

describe("graph store with the host's layout", () => {
  it("draws the first view at the host's positions, and lays out itself once filtered", async () => {
    const g = chainGraph();
    // Positions no layout of ours would give: the nodes in one row, in order.
    const xy = g.nodes.flatMap((_, i) => [i * 1000, 7]);
    mocked.mockResolvedValue({ ...g, layout: { key: 'k', xy, edges: {} } } as never);
    const graph = useGraphStore();
    await graph.hydrate('__default__');
    g.nodes.forEach((n, i) => expect(graph.positions.nodes[n.id]).toEqual({ x: i * 1000, y: 7 }));

    await graph.setTags(['ml']);
    expect(graph.positions.nodes['ds:cleaned'].y).toBeLessThan(graph.positions.nodes['fn:train'].y);
    await graph.setTags([]);
    expect(graph.positions.nodes['fn:train']).toEqual({
      x: g.nodes.findIndex((n) => n.id === 'fn:train') * 1000,
      y: 7,
    });
  });
});

describe('project store', () => {
  it('hydrates from the host and picks the default pipeline', async () => {
    mocked.mockImplementation(async (name: string) => {
      if (name === 'app.info')
        return { host: 'serve', version: '0', canPickFolder: false, initialProject: null } as never;
      if (name === 'project.current') return summary() as never;
      return [] as never;
    });
    const project = useProjectStore();
    await project.hydrate();
    expect(project.summary?.name).toBe('demo');
    expect(project.pipeline).toBe('__default__');
  });
});
