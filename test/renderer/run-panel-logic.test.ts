// The run panel's pure parts: the Gantt layout of a run and the parameter form's overrides.
import { describe, expect, it } from 'vitest';
import type { JsonValue, NodeState } from '../../src-shared/api-types';
import { QUEUE_LANE, ganttLanes, liveScale, phaseShares } from '../../src-renderer/components/run/gantt-lanes';
import { nestOverrides, paramKind, parseParam, withOverride } from '../../src-renderer/components/run/param-overrides';

const n = (name: string, worker: string, startedAt: number, endedAt?: number, queuedAt?: number): NodeState => ({
  name,
  status: endedAt === undefined ? 'running' : 'done',
  worker,
  startedAt,
  endedAt,
  queuedAt,
  loadMs: 10,
  computeMs: 80,
  saveMs: 10,
});

describe('ganttLanes', () => {
  it('one lane per worker in natural order; async nodes overlapping on one worker take separate rows', () => {
    const g = ganttLanes(
      [n('a', 'thread-10', 1000, 1100), n('b', 'thread-2', 1000, 1100), n('c', 'thread-2', 1050, 1150)],
      1000,
      1200,
      0,
    );
    expect(g.lanes.map((l) => l.worker)).toEqual(['thread-2', 'thread-10']);
    expect(g.lanes[0].rows.map((r) => r.map((b) => b.name))).toEqual([['b'], ['c']]);
    expect(g.span).toBe(200);
  });

  it('a node that waited shows its wait; a node still waiting for a worker is in its own lane until now', () => {
    const waiting: NodeState = { name: 'w', status: 'queued', queuedAt: 1000 };
    const g = ganttLanes(
      [n('a', 'main', 1000, 1100, 1000), n('b', 'main', 1100, undefined, 1000), waiting],
      1000,
      null,
      1300,
    );
    const [main, queue] = g.lanes;
    expect(main.rows[0].map((b) => [b.name, b.queuedMs, b.start, b.end])).toEqual([
      ['a', 0, 0, 100],
      ['b', 100, 100, 300],
    ]);
    expect(queue.worker).toBe(QUEUE_LANE);
    expect(queue.rows[0][0]).toMatchObject({ name: 'w', start: 0, end: 300 });
  });

  it('phases are shares of the bar, never more than all of it', () => {
    const bar = ganttLanes([n('a', 'main', 0, 200)], 0, 200, 0).lanes[0].rows[0][0];
    expect(phaseShares(bar)).toEqual({ load: 5, compute: 40, save: 5 });
    expect(phaseShares({ ...bar, end: 50 })).toEqual({ load: 10, compute: 80, save: 10 });
  });
});

describe('liveScale', () => {
  it("rounds a live run's length up to 1, 2 or 5 × a power of ten, so the axis steps rarely", () => {
    expect([0, 100, 101, 199, 200, 201, 499, 500, 501, 1500, 2001, 9000, 10_001].map(liveScale)).toEqual([
      100, 100, 200, 200, 200, 500, 500, 500, 1000, 2000, 5000, 10_000, 20_000,
    ]);
  });
});

describe('parameter overrides', () => {
  it('types each value; nested objects are groups', () => {
    expect(([1.5, true, 'x', [1], null, {}, { a: 1 }] as JsonValue[]).map((v) => paramKind(v))).toEqual([
      'number',
      'bool',
      'string',
      'json',
      'json',
      'json',
      'group',
    ]);
  });

  it('parses a field as its type, naming the parameter when it cannot', () => {
    expect(parseParam('model.alpha', 'number', '0.7')).toEqual({ value: 0.7 });
    expect(parseParam('model.alpha', 'number', 'abc')).toEqual({ error: "model.alpha must be a number, not 'abc'" });
    expect(parseParam('model.layers', 'json', '[1, 2]')).toEqual({ value: [1, 2] });
    expect('error' in parseParam('model.layers', 'json', '[1,')).toBe(true);
  });

  it('only changed values are overrides, by dotted key', () => {
    let o = withOverride({}, 'model.alpha', 0.7, 0.5);
    expect(o).toEqual({ 'model.alpha': 0.7 });
    o = withOverride(o, 'model.layers', [8, 4], [8, 4]);
    expect(o).toEqual({ 'model.alpha': 0.7 });
    expect(withOverride(o, 'model.alpha', 0.5, 0.5)).toEqual({});
  });

  it('are sent nested, as --params a.b=1 sends them', () => {
    expect(nestOverrides({ 'model.alpha': 0.7, 'model.options.verbose': true, label: 'x' })).toEqual({
      model: { alpha: 0.7, options: { verbose: true } },
      label: 'x',
    });
  });
});
