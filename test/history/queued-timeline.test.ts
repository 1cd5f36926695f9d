// A node's wait for a free worker: the scheduler reports it (node-queued), the one fold shows it
// as `queued`, the history records it, and the timeline draws one lane per worker from it.
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataCatalog, MemoryDataset, SequentialRunner, newRunId, node, pipeline } from '../../src-main/engine';
import { startRun } from '../../src-main/services/run-request';
import type { RunEvent } from '../../src-shared/run-events';
import { applyRunEvent, newRunState } from '../../src-shared/run-state';
import { ganttLanes } from '../../src-renderer/components/run/gantt-lanes';
import { meta, removeTempDirs, tempDir, tempHistory } from './helpers';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** a → (b, c) → d: once a is done, b and c are both ready, and one worker runs b first. */
function diamond() {
  return pipeline([
    node((x: number) => x + 1, 'x', 'a', { name: 'first' }),
    node(async (a: number) => (await sleep(5), a), 'a', 'b', { name: 'left' }),
    node(async (a: number) => (await sleep(5), a), 'a', 'c', { name: 'right' }),
    node((b: number, c: number) => b + c, ['b', 'c'], 'd', { name: 'last' }),
  ]);
}

describe('queued nodes', () => {
  it('a ready node is reported queued until a worker takes it, and the fold shows it queued, not running', async () => {
    const events: RunEvent[] = [];
    const state = newRunState('r', '__default__', 'SequentialRunner', []);
    const seen: Record<string, string[]> = {};
    await new SequentialRunner().run(diamond(), new DataCatalog({ x: new MemoryDataset({ data: 1 }) }), {
      onEvent: (e) => {
        events.push(e);
        applyRunEvent(state, e);
        if (e.type === 'node-start') seen[e.node] = state.nodes.map((n) => `${n.name}:${n.status}`);
      },
    });
    const order = events
      .filter((e) => e.type === 'node-queued' || e.type === 'node-start' || e.type === 'node-end')
      .map((e) => `${e.type.slice(5)} ${'node' in e ? e.node : ''}`);
    expect(order).toEqual([
      'queued first',
      'start first',
      'end first',
      'queued left',
      'queued right',
      'start left',
      'end left',
      'start right',
      'end right',
      'queued last',
      'start last',
      'end last',
    ]);
    // While left runs, right waits for the one worker: queued, distinct from running and waiting.
    expect(seen.left).toEqual(['first:done', 'left:running', 'right:queued', 'last:waiting']);
    const right = state.nodes.find((n) => n.name === 'right')!;
    const left = state.nodes.find((n) => n.name === 'left')!;
    expect(right.queuedAt).toBeLessThanOrEqual(left.startedAt!);
    expect(right.startedAt).toBeGreaterThanOrEqual(left.endedAt!);
  });

  it('the history records when each node was queued; a cancel leaves queued nodes skipped', async () => {
    const { history, errors } = tempHistory();
    const runId = newRunId();
    const recorder = history.recorder(meta(runId, { projectRoot: tempDir() }));
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const slow = pipeline([
      node((x: number) => x, 'x', 'a', { name: 'first' }),
      node(async (a: number) => (await sleep(200), a), 'a', 'b', { name: 'left' }),
      node((a: number) => a, 'a', 'c', { name: 'right' }),
    ]);
    await new SequentialRunner()
      .run(slow, new DataCatalog({ x: new MemoryDataset({ data: 1 }) }), {
        runId,
        signal: controller.signal,
        onEvent: (e) => {
          events.push(e);
          recorder.onEvent(e);
          if (e.type === 'node-start' && e.node === 'left') setTimeout(() => controller.abort(), 20);
        },
      })
      .catch(() => undefined);
    recorder.close();
    const run = history.getRun(runId)!;
    const byName = Object.fromEntries(run.nodes.map((n) => [n.name, n]));
    const queuedAt = (name: string) => events.find((e) => e.type === 'node-queued' && e.node === name)?.at;
    expect(queuedAt('right')).toBeDefined();
    expect(byName.first.queuedAt).toBe(queuedAt('first'));
    expect(byName.left.queuedAt).toBe(queuedAt('left'));
    expect(byName.right).toMatchObject({ status: 'skipped', queuedAt: queuedAt('right') });
    expect(byName.right.startedAt).toBeUndefined();
    expect(run.status).toBe('cancelled');
    expect(errors).toEqual([]);
    history.close();
  });
});

describe('the timeline of a real run on two workers', () => {
  it('four 0.9 s nodes on ThreadRunner with two workers: two lanes, no overlap in a lane, the last two queued first', async () => {
    const project = tempDir('pw-run-panel-');
    cpSync(resolve(__dirname, '..', 'fixtures', 'e2e-projects', 'run-panel'), project, { recursive: true });
    const { history } = tempHistory();
    const outcome = await startRun(
      { projectRoot: project, pipeline: 'four', runner: 'ThreadRunner', maxWorkers: 2 },
      { record: (m) => history.recorder(m) },
    );
    expect(outcome.status).toBe('success');
    await sleep(50);
    const run = history.getRun(outcome.runId)!;
    const gantt = ganttLanes(run.nodes, run.startedAt, run.endedAt, Date.now());
    expect(gantt.lanes.map((l) => l.worker)).toEqual(['thread-1', 'thread-2']);
    // One bar per node; a worker never runs two at once. Which worker takes which node is the
    // pool's choice (usually two each).
    expect(
      gantt.lanes
        .flatMap((l) => l.rows.flat())
        .map((b) => b.name)
        .sort(),
    ).toEqual(['wait_1', 'wait_2', 'wait_3', 'wait_4']);
    for (const lane of gantt.lanes) {
      expect(lane.rows).toHaveLength(1);
      const bars = lane.rows[0];
      for (let i = 1; i < bars.length; i++) expect(bars[i].start).toBeGreaterThanOrEqual(bars[i - 1].end);
    }
    // The two nodes that started last were ready from the start and waited for a worker.
    const bars = gantt.lanes.flatMap((l) => l.rows.flat()).sort((a, b) => a.start - b.start);
    const firstEnd = Math.min(bars[0].end, bars[1].end);
    for (const later of bars.slice(2)) {
      expect(later.start).toBeGreaterThanOrEqual(firstEnd);
      expect(later.queuedFrom).toBeLessThanOrEqual(bars[0].start);
      expect(later.queuedMs).toBeGreaterThan(0);
    }
    history.close();
  });
});
