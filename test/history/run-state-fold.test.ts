// The one fold of run events (src-shared/run-state.ts) that the CLI's outcome, the app's live runs
// and the renderer share: what a run's end means for nodes that had not finished.
import { describe, expect, it } from 'vitest';
import { applyRunEvent, newRunState, settledNode, type RunState } from '../../src-shared/run-state';

function midRun(): RunState {
  const run = newRunState('r1', '__default__', 'SequentialRunner', ['first', 'work', 'last']);
  applyRunEvent(run, {
    type: 'run-start',
    runId: 'r1',
    at: 1,
    pipeline: '__default__',
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 1,
    nodes: ['first', 'work', 'last'],
  });
  applyRunEvent(run, { type: 'node-start', at: 2, node: 'first', worker: 'thread-1' });
  applyRunEvent(run, {
    type: 'node-end',
    at: 3,
    node: 'first',
    worker: 'thread-1',
    status: 'done',
    timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
  });
  applyRunEvent(run, { type: 'node-start', at: 4, node: 'work', worker: 'thread-1' });
  return run;
}

const statuses = (run: RunState) => Object.fromEntries(run.nodes.map((n) => [n.name, n.status]));

describe('a run that ends while a node runs', () => {
  it('interrupted (its process died): the running node is interrupted, finished ones stay done, the rest skipped', () => {
    // No event says so (the process is gone): the history and the app settle such a run's nodes.
    const run = midRun();
    run.nodes = run.nodes.map((n) => settledNode(n, 'interrupted'));
    expect(statuses(run)).toEqual({ first: 'done', work: 'interrupted', last: 'skipped' });
  });

  it('cancelled: the running node is cancelled', () => {
    const run = midRun();
    applyRunEvent(run, { type: 'run-end', at: 5, status: 'cancelled', freeOutputs: [] });
    expect(statuses(run)).toEqual({ first: 'done', work: 'cancelled', last: 'skipped' });
  });
});
