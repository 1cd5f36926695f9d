import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError, openHistory, resumePlan, unknownRun, type History } from '../../src-main/history';
import { PipewrightError } from '../../src-main/engine/errors';
import { meta, removeTempDirs, tempHistory } from './helpers';

afterAll(removeTempDirs);

/** Records a run from hand-made events, as a runner would send them. */
function record(
  history: History,
  runId: string,
  at: number,
  options: { pipeline?: string; fail?: string; end?: boolean; params?: Record<string, unknown> } = {},
) {
  const r = history.recorder(
    meta(runId, { pipeline: options.pipeline ?? '__default__', params: options.params ?? {} }),
  );
  const nodes = ['a', 'b', 'c'];
  r.onEvent({
    type: 'run-start',
    runId,
    at,
    pipeline: options.pipeline ?? '__default__',
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 1,
    nodes,
  });
  for (const [i, n] of nodes.entries()) {
    r.onEvent({ type: 'node-start', at: at + i, node: n, worker: 'main' });
    const failed = options.fail === n;
    r.onEvent({
      type: 'node-end',
      at: at + i + 1,
      node: n,
      worker: 'main',
      status: failed ? 'failed' : 'done',
      timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
      error: failed ? { name: 'Error', message: `${n} broke`, stack: `Error: ${n} broke\n    at ${n}` } : undefined,
    });
    if (failed) break;
  }
  if (options.end === false) return r;
  r.onEvent({
    type: 'run-end',
    at: at + 10,
    status: options.fail ? 'failed' : 'success',
    resumeFrom: options.fail ? ['a'] : undefined,
    freeOutputs: [],
  });
  r.close();
  return r;
}

describe('listing runs', () => {
  const { history } = tempHistory();
  const T = Date.UTC(2026, 0, 1);
  record(history, 'r1', T, { pipeline: 'etl' });
  record(history, 'r2', T + 1000, { fail: 'b' });
  record(history, 'r3', T + 2000, { pipeline: 'etl', fail: 'c' });
  record(history, 'r4', T + 3000);
  afterAll(() => history.close());

  const ids = (filter: Parameters<History['listRuns']>[0]) => history.listRuns(filter).map((r) => r.runId);

  it('newest first, with counters from the run row', () => {
    const runs = history.listRuns();
    expect(runs.map((r) => r.runId)).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(runs.map((r) => [r.nodesDone, r.nodesFailed, r.failedNodes])).toEqual([
      [3, 0, []],
      [2, 1, ['c']],
      [1, 1, ['b']],
      [3, 0, []],
    ]);
  });

  it('filters by status, pipeline, since and until (a half-open range), with limit and offset', () => {
    expect(ids({ status: 'failed' })).toEqual(['r3', 'r2']);
    expect(ids({ pipeline: 'etl' })).toEqual(['r3', 'r1']);
    expect(ids({ pipeline: 'etl', status: 'success' })).toEqual(['r1']);
    expect(ids({ since: T + 1000 })).toEqual(['r4', 'r3', 'r2']);
    expect(ids({ until: T + 2000 })).toEqual(['r2', 'r1']);
    expect(ids({ since: T + 1000, until: T + 3000 })).toEqual(['r3', 'r2']);
    expect(ids({ until: T })).toEqual([]);
    expect(ids({ limit: 2 })).toEqual(['r4', 'r3']);
    expect(ids({ limit: 2, offset: 2 })).toEqual(['r2', 'r1']);
  });

  it('logs page by id', () => {
    const r = history.recorder(meta('logs'));
    r.onEvent({
      type: 'run-start',
      runId: 'logs',
      at: T + 5000,
      pipeline: '__default__',
      runner: 'SequentialRunner',
      isAsync: false,
      maxWorkers: 1,
      nodes: [],
    });
    for (let i = 0; i < 5; i++)
      r.onEvent({
        type: 'log',
        at: T + 5000 + i,
        level: i === 4 ? 'warning' : 'info',
        message: `line ${i}`,
        node: i ? 'a' : undefined,
        logger: 'test',
      });
    r.onEvent({ type: 'run-end', at: T + 6000, status: 'success', freeOutputs: [] });
    const all = history.getRunLogs('logs');
    expect(all.map((l) => l.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(all[4]).toMatchObject({ level: 'warning', node: 'a', logger: 'test' });
    expect(all[0].node).toBeUndefined();
    expect(history.getRunLogs('logs', { afterId: all[1].id, limit: 2 }).map((l) => l.message)).toEqual([
      'line 2',
      'line 3',
    ]);
  });
});

describe('batches', () => {
  it('keep the order of many log lines across multi-row inserts, and a node whose end comes in a later batch', async () => {
    const { history } = tempHistory();
    const r = history.recorder(meta('many'));
    r.onEvent({
      type: 'run-start',
      runId: 'many',
      at: 1,
      pipeline: '__default__',
      runner: 'SequentialRunner',
      isAsync: false,
      maxWorkers: 1,
      nodes: ['a', 'b'],
    });
    r.onEvent({ type: 'node-start', at: 2, node: 'a', worker: 'main' });
    for (let i = 0; i < 237; i++) r.onEvent({ type: 'log', at: 3 + i, level: 'info', message: `line ${i}`, node: 'a' });
    for (let i = 0; i < 120; i++)
      r.onEvent({
        type: 'dataset-load',
        at: 3 + i,
        node: 'a',
        dataset: `d${i}`,
        datasetType: 'MemoryDataset',
        ms: 0.5,
        size: i,
      });
    await new Promise((res) => setTimeout(res, 400)); // the flush timer writes the first batch
    expect(history.getRun('many')!.nodes[0]).toMatchObject({ status: 'running', startedAt: 2 });
    r.onEvent({
      type: 'node-end',
      at: 500,
      node: 'a',
      worker: 'main',
      status: 'done',
      timings: { loadMs: 1, computeMs: 2, saveMs: 3 },
    });
    r.onEvent({ type: 'node-skip', at: 501, node: 'b' });
    r.onEvent({ type: 'run-end', at: 502, status: 'success', freeOutputs: [] });
    const run = history.getRun('many')!;
    expect(run.logs.map((l) => l.message)).toEqual(Array.from({ length: 237 }, (_, i) => `line ${i}`));
    expect(run.io.map((e) => e.size)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(run.nodes).toMatchObject([
      { name: 'a', status: 'done', startedAt: 2, endedAt: 500, loadMs: 1, computeMs: 2, saveMs: 3 },
      { name: 'b', status: 'skipped' },
    ]);
    expect(run).toMatchObject({ nodesDone: 1, status: 'success', endedAt: 502 });
    expect(r.done).toBe(true);
    history.close();
  });
});

describe('resume plans and their errors', () => {
  it('a failed run resumes from its resume point with its parameters; errors are HistoryErrors (exit 2)', () => {
    const { history, root } = tempHistory();
    record(history, 'ok', 1000);
    record(history, 'bad', 2000, { fail: 'b', params: { alpha: 2 } });
    expect(resumePlan(history, 'bad')).toMatchObject({
      projectRoot: root,
      pipeline: '__default__',
      runner: 'SequentialRunner',
      fromNodes: ['a'],
      params: { alpha: 2 },
      env: 'local',
      resumeOf: 'bad',
    });
    const nothing = (() => {
      try {
        resumePlan(history, 'ok');
      } catch (err) {
        return err;
      }
    })();
    expect(nothing).toBeInstanceOf(HistoryError);
    expect(nothing).toBeInstanceOf(PipewrightError);
    expect((nothing as Error).message).toBe('Run ok succeeded: there is nothing to resume.');
    expect(() => resumePlan(history, 'nope')).toThrow(HistoryError);
    expect(unknownRun(history, 'nope').message).toBe(`No run 'nope' in ${history.file}. Recent runs: bad, ok`);

    record(history, 'live', 3000, { end: false });
    expect(() => resumePlan(history, 'live')).toThrow(/still running/);
    history.close();
  });

  it('an empty history says so', () => {
    const { history } = tempHistory();
    expect(unknownRun(history, 'x').message).toMatch(/No run has been recorded yet\.$/);
    history.close();
  });
});

describe('runs left running', () => {
  it('on another host: marked interrupted once their heartbeat is old; on this host: when the process is gone', () => {
    const { history } = tempHistory();
    record(history, 'alive', Date.now(), { end: false });
    record(history, 'remote-stale', Date.now(), { end: false });
    record(history, 'remote-fresh', Date.now(), { end: false });
    record(history, 'local-dead', Date.now(), { end: false });
    history.close(); // a closing history ends its own open runs...
    const db = new Database(history.file);
    // ...so put them back to running, as if their processes had been killed instead.
    db.prepare(`UPDATE runs SET status = 'running', error = NULL WHERE 1`).run();
    db.prepare(`UPDATE run_nodes SET status = 'running' WHERE name = 'c'`).run();
    db.prepare(`UPDATE runs SET hostname = 'elsewhere', heartbeat_at = ? WHERE id = 'remote-stale'`).run(
      Date.now() - 10 * 60_000,
    );
    db.prepare(`UPDATE runs SET hostname = 'elsewhere', heartbeat_at = ? WHERE id = 'remote-fresh'`).run(Date.now());
    db.prepare(`UPDATE runs SET hostname = ?, pid = 999999999 WHERE id = 'local-dead'`).run(hostname());
    db.close();

    const reopened = openHistory(history.projectRoot);
    const status = Object.fromEntries(reopened.listRuns().map((r) => [r.runId, r.status]));
    expect(status).toEqual({
      alive: 'running',
      'remote-fresh': 'running',
      'remote-stale': 'interrupted',
      'local-dead': 'interrupted',
    });
    const dead = reopened.getRun('local-dead')!;
    expect(dead.nodes.map((n) => n.status)).toEqual(['done', 'done', 'interrupted']);
    expect(reopened.markInterrupted()).toEqual([]);
    reopened.close();
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'on this host: a run whose pid now belongs to a process started after it is interrupted',
    async () => {
      const { history } = tempHistory();
      record(history, 'reused', Date.now() - 60_000, { end: false });
      record(history, 'ours', Date.now(), { end: false });
      history.close();
      // A live process that began after the run: the run's own process died and the system reused its pid.
      const other = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        const db = new Database(history.file);
        db.prepare(`UPDATE runs SET status = 'running', error = NULL, hostname = ?`).run(hostname());
        db.prepare(`UPDATE runs SET pid = ?, started_at = ? WHERE id = 'reused'`).run(other.pid, Date.now() - 60_000);
        db.prepare(`UPDATE runs SET pid = ? WHERE id = 'ours'`).run(process.pid);
        db.close();
        const reopened = openHistory(history.projectRoot);
        expect(Object.fromEntries(reopened.listRuns().map((r) => [r.runId, r.status]))).toEqual({
          reused: 'interrupted',
          ours: 'running',
        });
        reopened.close();
      } finally {
        other.kill();
      }
    },
  );
});
