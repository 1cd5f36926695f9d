import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HISTORY_FILE,
  HistoryError,
  MIGRATIONS,
  SCHEMA_VERSION,
  backupFile,
  openHistory,
} from '../../src-main/history';
import { chainProject, pipewright, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

/** A history as the first released schema wrote it, with two finished runs in it. */
function makeV1(root: string): string {
  const file = join(root, HISTORY_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(MIGRATIONS[0].sql);
  db.pragma('user_version = 1');
  const run = db.prepare(
    `INSERT INTO runs (id, project_root, pipeline, runner, is_async, max_workers, filters, params, env, git_commit, command_line, pid, hostname, started_at, ended_at, status, error, resume_from)
     VALUES (?, ?, '__default__', 'SequentialRunner', 0, 1, '{}', ?, 'local', 'abc123', 'pipewright run', 1, 'elsewhere', ?, ?, ?, ?, ?)`,
  );
  const nodeRow = db.prepare(
    `INSERT INTO run_nodes (run_id, name, seq, status, worker, started_at, ended_at, load_ms, compute_ms, save_ms, error) VALUES (?, ?, ?, ?, 'main', ?, ?, 1, 2, 3, ?)`,
  );
  run.run('2024-01-01T10.00.00.000Z', root, '{"alpha":1}', 1_704_103_200_000, 1_704_103_201_000, 'success', null, null);
  nodeRow.run('2024-01-01T10.00.00.000Z', 'clean', 0, 'done', 1_704_103_200_100, 1_704_103_200_200, null);
  nodeRow.run('2024-01-01T10.00.00.000Z', 'summarise', 1, 'done', 1_704_103_200_300, 1_704_103_200_400, null);
  run.run(
    '2024-01-02T10.00.00.000Z',
    root,
    '{}',
    1_704_189_600_000,
    1_704_189_601_000,
    'failed',
    '{"name":"Error","message":"boom"}',
    '["clean"]',
  );
  nodeRow.run('2024-01-02T10.00.00.000Z', 'clean', 0, 'done', 1_704_189_600_100, 1_704_189_600_200, null);
  nodeRow.run(
    '2024-01-02T10.00.00.000Z',
    'summarise',
    1,
    'failed',
    1_704_189_600_300,
    1_704_189_600_400,
    '{"name":"Error","message":"boom","stack":"Error: boom\\n    at summarise"}',
  );
  db.close();
  return file;
}

describe('schema migrations', () => {
  it('opens a v1 history with data: rows intact, counters filled, a backup of the v1 file made first', () => {
    const root = tempDir();
    const file = makeV1(root);
    const history = openHistory(root);
    const runs = history.listRuns();
    expect(runs.map((r) => [r.runId, r.status, r.nodeCount, r.nodesDone, r.nodesFailed])).toEqual([
      ['2024-01-02T10.00.00.000Z', 'failed', 2, 1, 1],
      ['2024-01-01T10.00.00.000Z', 'success', 2, 2, 0],
    ]);
    expect(runs[0].failedNodes).toEqual(['summarise']);
    const failed = history.getRun('2024-01-02T10.00.00.000Z')!;
    expect(failed).toMatchObject({
      gitCommit: 'abc123',
      resumeFrom: ['clean'],
      error: { message: 'boom' },
      io: [],
      logs: [],
      resumeOf: null,
    });
    expect(failed.nodes[1]).toMatchObject({
      name: 'summarise',
      status: 'failed',
      loadMs: 1,
      computeMs: 2,
      saveMs: 3,
      error: { stack: 'Error: boom\n    at summarise' },
    });
    expect(history.getRun('2024-01-01T10.00.00.000Z')!.request.params).toEqual({ alpha: 1 });
    history.close();

    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    upgraded.close();

    const backup = backupFile(file, 1);
    expect(backup).toBe(`${file}.v1.bak`);
    const old = new Database(backup, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(old.prepare('SELECT count(*) AS n FROM run_nodes').get()).toEqual({ n: 4 });
    expect(() => old.prepare('SELECT nodes_done FROM runs').all()).toThrow(/no such column/);
    old.close();

    // Opening again neither migrates nor copies again.
    const before = statSync(backup).mtimeMs;
    openHistory(root).close();
    expect(statSync(backup).mtimeMs).toBe(before);
  });

  it('a new history is created at the current schema, with no backup', () => {
    const root = tempDir();
    openHistory(root).close();
    const file = join(root, HISTORY_FILE);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    expect(existsSync(backupFile(file, 0))).toBe(false);
  });

  it('refuses a history written by a newer Pipewright, saying so, and leaves it untouched', async () => {
    const root = chainProject();
    openHistory(root).close();
    const file = join(root, HISTORY_FILE);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    let error: unknown;
    try {
      openHistory(root);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HistoryError);
    expect((error as Error).message).toContain(
      `written by a newer Pipewright (schema ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION})`,
    );
    expect((error as Error).message).toContain(file);

    const runs = await pipewright(['runs', '--project', root]).done;
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('newer Pipewright');

    // A run still runs: the history is not written, and the user is told once.
    const run = await pipewright(['run', '--project', root]).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/is not recorded in the run history: .*newer Pipewright/);

    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(after.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    after.close();
  });
});
