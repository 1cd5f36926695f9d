// Schema 8: each node's last successful fingerprinted run is kept in node_last_success (by a
// trigger on run_nodes) instead of being found through an index of every run's nodes by name.
// What `lastSuccess` answers must not change: the same run, fingerprint and parts, for histories
// upgraded from the schema before and for runs recorded afterwards, in whatever order their nodes ended.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_FILE, MIGRATIONS, SCHEMA_VERSION, openHistory, type History } from '../../src-main/history';
import type { NodeFingerprintParts, RunEvent } from '../../src-shared/run-events';
import { historyAtSchema, meta, removeTempDirs, runStart, tempDir } from './helpers';

afterAll(removeTempDirs);

/** The schema just before node_last_success. */
const BEFORE = MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE node_last_success'))!.version - 1;

const parts = (tag: string): NodeFingerprintParts => ({ code: `code-${tag}`, params: {}, inputs: { x: `in-${tag}` } });

/** node → [run, fingerprint, parts' code] as lastSuccess answers. */
function last(history: History, names: string[]): Record<string, [string, string, string]> {
  const out: Record<string, [string, string, string]> = {};
  for (const [name, r] of history.fingerprints.lastSuccess(names)) out[name] = [r.runId, r.fingerprint, r.parts.code];
  return out;
}

const indexesOf = (db: Database.Database, table: string) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).all(table) as Array<{
      name: string;
    }>
  ).map((r) => r.name);

/** Records a finished run of `nodes` (each: name, status, ended at, fingerprint at its end or after). */
function record(
  history: History,
  runId: string,
  nodes: Array<{ name: string; status: 'done' | 'failed'; at: number; fp?: string; fpLater?: string }>,
): void {
  const rec = history.recorder(meta(runId));
  const t0 = Math.min(...nodes.map((n) => n.at)) - 10;
  const events: RunEvent[] = [
    runStart(
      runId,
      nodes.map((n) => n.name),
      t0,
    ),
  ];
  for (const n of nodes) {
    events.push({ type: 'node-start', at: n.at - 1, node: n.name, worker: 'main' });
    events.push({
      type: 'node-end',
      at: n.at,
      node: n.name,
      worker: 'main',
      status: n.status,
      timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
      ...(n.status === 'failed' ? { error: { name: 'Error', message: 'boom' } } : {}),
      ...(n.fp ? { fingerprint: n.fp, fingerprintParts: parts(n.fp) } : {}),
    });
  }
  for (const n of nodes)
    if (n.fpLater)
      events.push({
        type: 'node-fingerprint',
        at: n.at + 1,
        node: n.name,
        fingerprint: n.fpLater,
        parts: parts(n.fpLater),
      });
  events.push({ type: 'run-end', at: t0 + 1_000, status: 'success', freeOutputs: [] });
  for (const e of events) rec.onEvent(e);
  rec.close();
  expect(rec.done).toBe(true);
}

describe('schema 8: the last successful run of each node', () => {
  it('upgrades the schema before it: each node keeps the run it last succeeded in, and the index by name is gone', () => {
    const root = tempDir();
    const { file, db } = historyAtSchema(root, BEFORE);
    const run = db.prepare(
      `INSERT INTO runs (id, project_root, pipeline, runner, started_at, ended_at, status) VALUES (?, ?, '__default__', 'SequentialRunner', ?, ?, 'success')`,
    );
    const node = db.prepare(
      `INSERT INTO run_nodes (run_id, name, seq, status, ended_at, fingerprint, fingerprint_parts) VALUES (?, ?, 0, ?, ?, ?, ?)`,
    );
    const row = (runId: string, name: string, status: string, endedAt: number, fp: string | null) =>
      node.run(runId, name, status, endedAt, fp, fp ? JSON.stringify(parts(fp)) : null);
    run.run('r1', root, 1000, 1900);
    run.run('r2', root, 2000, 2900);
    run.run('r3', root, 3000, 3900);
    row('r1', 'a', 'done', 1100, 'a1');
    row('r2', 'a', 'done', 2100, 'a2');
    row('r3', 'a', 'failed', 3100, 'a3'); // failed: never a node's last success
    row('r1', 'b', 'done', 1200, 'b1');
    row('r2', 'b', 'done', 2200, null); // no fingerprint: a --changed run cannot compare with it
    row('r3', 'c', 'failed', 3300, 'c3');
    expect(indexesOf(db, 'run_nodes')).toContain('run_nodes_by_fingerprint');
    db.close();

    const history = openHistory(root);
    expect(last(history, ['a', 'b', 'c', 'd'])).toEqual({ a: ['r2', 'a2', 'code-a2'], b: ['r1', 'b1', 'code-b1'] });
    history.close();
    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(indexesOf(upgraded, 'run_nodes')).not.toContain('run_nodes_by_fingerprint');
    upgraded.close();
  });

  it('follows the runs recorded afterwards: done ones with a fingerprint, at their end or reported later', () => {
    const root = tempDir();
    const history = openHistory(root);
    record(history, 'r1', [
      { name: 'a', status: 'done', at: 1_000, fp: 'a1' },
      { name: 'b', status: 'done', at: 1_010, fpLater: 'b1' },
      { name: 'c', status: 'done', at: 1_020 },
    ]);
    expect(last(history, ['a', 'b', 'c'])).toEqual({ a: ['r1', 'a1', 'code-a1'], b: ['r1', 'b1', 'code-b1'] });

    record(history, 'r2', [
      { name: 'a', status: 'failed', at: 2_000, fp: 'a2' },
      { name: 'b', status: 'done', at: 2_010, fp: 'b2' },
      { name: 'c', status: 'done', at: 2_020, fpLater: 'c2' },
    ]);
    expect(last(history, ['a', 'b', 'c'])).toEqual({
      a: ['r1', 'a1', 'code-a1'],
      b: ['r2', 'b2', 'code-b2'],
      c: ['r2', 'c2', 'code-c2'],
    });

    // Recorded last, but its node ended before r2's did (runs that overlapped): r2 stays the last.
    record(history, 'r0', [{ name: 'b', status: 'done', at: 1_500, fp: 'b0' }]);
    expect(last(history, ['b'])).toEqual({ b: ['r2', 'b2', 'code-b2'] });
    history.close();

    const db = new Database(join(root, HISTORY_FILE), { readonly: true });
    // The same answer as the query the index served, for every node.
    const byQuery = db
      .prepare(
        `SELECT name, (SELECT run_id FROM run_nodes n WHERE n.name = names.name AND fingerprint IS NOT NULL AND status = 'done' ORDER BY ended_at DESC LIMIT 1) AS run_id
         FROM (SELECT DISTINCT name FROM run_nodes) names ORDER BY name`,
      )
      .all();
    expect(db.prepare(`SELECT name, run_id FROM node_last_success ORDER BY name`).all()).toEqual(byQuery);
    db.close();
  });
});
