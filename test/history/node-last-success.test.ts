// Each node's last successful fingerprinted run (what run --changed and status compare with) is
// kept in node_last_success as runs are recorded, and found there without an index by node name.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DataCatalog, MemoryDataset, SequentialRunner, newRunId, node, pipeline } from '../../src-main/engine';
import { staticFingerprints } from '../../src-main/fingerprint';
import { RunFingerprints } from '../../src-main/fingerprint/run-fingerprints';
import { HISTORY_FILE, MIGRATIONS, SCHEMA_VERSION, openHistory, type History } from '../../src-main/history';
import type { RunEvent } from '../../src-shared/run-events';
import { meta, removeTempDirs, tempDir, tempHistory } from './helpers';

afterAll(removeTempDirs);

/** params:x → a → m → b → out; b fails when x is 2. */
async function recordRun(history: History, root: string, x: number) {
  const runId = newRunId();
  const recorder = history.recorder(meta(runId, { projectRoot: root }));
  const p = pipeline([
    node((v: number) => v, 'params:x', 'm', { name: 'a' }),
    node(
      (v: number) => {
        if (v === 2) throw new Error('two');
        return v;
      },
      'm',
      'out',
      { name: 'b' },
    ),
  ]);
  const catalog = new DataCatalog({ 'params:x': new MemoryDataset({ data: x }) });
  const fps = new RunFingerprints(root, p, catalog, await staticFingerprints(root, p, catalog));
  const ends: Record<string, string | undefined> = {};
  await new SequentialRunner()
    .run(p, catalog, {
      runId,
      onEvent: (e: RunEvent) => {
        fps.onEvent(e);
        if (e.type === 'node-end') ends[e.node] = e.fingerprint;
        recorder.onEvent(e);
      },
    })
    .catch(() => undefined);
  expect(await fps.finish()).toEqual([]);
  recorder.close();
  return { runId, ends };
}

const lastRuns = (history: History, names: string[]) =>
  Object.fromEntries([...history.fingerprints.lastSuccess(names)].map(([n, r]) => [n, [r.runId, r.fingerprint]]));

describe("a node's last success", () => {
  it('is its newest done run with a fingerprint: a failed run does not replace it, a node never run has none', async () => {
    const { history, errors, root } = tempHistory();
    const one = await recordRun(history, root, 1);
    const two = await recordRun(history, root, 2);
    expect(two.ends.b).toBeUndefined();
    expect(lastRuns(history, ['a', 'b', 'never'])).toEqual({
      a: [two.runId, two.ends.a],
      b: [one.runId, one.ends.b],
    });
    const three = await recordRun(history, root, 3);
    expect(lastRuns(history, ['a', 'b'])).toEqual({ a: [three.runId, three.ends.a], b: [three.runId, three.ends.b] });
    expect(errors).toEqual([]);
    history.close();
  });

  it('survives the run it names being gone: the older success is found', async () => {
    const { history, root } = tempHistory();
    const one = await recordRun(history, root, 1);
    const three = await recordRun(history, root, 3);
    history.close();
    const db = new Database(join(root, HISTORY_FILE));
    db.pragma('foreign_keys = ON');
    db.prepare(`DELETE FROM runs WHERE id = ?`).run(three.runId);
    db.close();
    const reopened = openHistory(root);
    expect(lastRuns(reopened, ['a', 'b'])).toEqual({ a: [one.runId, one.ends.a], b: [one.runId, one.ends.b] });
    reopened.close();
  });

  it('of a history upgraded from the schema before it is the one the index by name found', () => {
    const root = tempDir();
    const file = join(root, HISTORY_FILE);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    // The step that brings node_last_success, found by what it does (the lead renumbers steps at merges).
    const before = MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE node_last_success'))!.version - 1;
    for (const step of MIGRATIONS.filter((m) => m.version <= before)) db.exec(step.sql);
    db.pragma(`user_version = ${before}`);
    const run = db.prepare(
      `INSERT INTO runs (id, project_root, pipeline, runner, started_at, ended_at, status, node_count, nodes_done) VALUES (?, ?, '__default__', 'SequentialRunner', ?, ?, 'success', 1, 1)`,
    );
    const row = db.prepare(
      `INSERT INTO run_nodes (run_id, name, seq, status, worker, ended_at, fingerprint, fingerprint_parts) VALUES (?, 'n', 0, ?, 'main', ?, ?, ?)`,
    );
    const parts = (fp: string) => JSON.stringify({ code: fp, params: {}, inputs: {} });
    for (const [id, status, at, fp] of [
      ['r1', 'done', 1000, 'f1'],
      ['r2', 'done', 3000, 'f2'],
      ['r3', 'failed', 4000, null],
      ['r4', 'done', 2000, 'f4'],
    ] as const) {
      run.run(id, root, at - 10, at);
      row.run(id, status, at, fp, fp && parts(fp));
    }
    db.close();
    const history = openHistory(root);
    expect(lastRuns(history, ['n', 'other'])).toEqual({ n: ['r2', 'f2'] });
    history.close();
    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const indexes = upgraded.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'run_nodes'`);
    expect(indexes.all()).toEqual([]);
    upgraded.close();
  });
});
