// Schema 3: the whole run request and the merged parameters. A history written at schema 2 is
// upgraded in place: its runs' options, filters and --params become their recorded request.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, backupFile, openHistory, planResume } from '../../src-main/history';
import { historyAtSchema, pipewright, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

/** A history as schema 2 wrote it: one failed run with filters and --params, one plain run. */
function makeV2(root: string): string {
  const { file, db } = historyAtSchema(root, 2);
  const run = db.prepare(
    `INSERT INTO runs (id, project_root, pipeline, runner, is_async, max_workers, filters, params, env, started_at, ended_at, status, resume_from, node_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'staging', ?, ?, ?, ?, 2)`,
  );
  const filters = { nodeNames: ['clean', 'summarise'], toNodes: ['summarise'], tags: ['t'], nodeNamespace: 'ns' };
  run.run(
    'r-filtered',
    root,
    'daily',
    'ThreadRunner',
    1,
    4,
    JSON.stringify(filters),
    '{"alpha":{"beta":1}}',
    1000,
    2000,
    'failed',
    '["summarise"]',
  );
  run.run('r-plain', root, '__default__', 'SequentialRunner', 0, null, '{}', '{}', 3000, 4000, 'success', null);
  db.close();
  return file;
}

describe('schema 3: the run request', () => {
  it('upgrades a schema 2 history: each run gets its request from its columns, and a backup is kept', async () => {
    const root = tempDir();
    const file = makeV2(root);
    const history = openHistory(root);
    const filtered = history.getRun('r-filtered')!;
    expect(filtered.request).toEqual({
      pipeline: 'daily',
      runner: 'ThreadRunner',
      isAsync: true,
      maxWorkers: 4,
      nodes: ['clean', 'summarise'],
      toNodes: ['summarise'],
      tags: ['t'],
      namespace: 'ns',
      params: { alpha: { beta: 1 } },
    });
    // The merged parameters were never recorded for these runs.
    expect(filtered.parameters).toBeNull();
    expect(history.getRun('r-plain')!.request).toEqual({
      pipeline: '__default__',
      runner: 'SequentialRunner',
      isAsync: false,
      params: {},
    });

    // The one resume planner reads a migrated run like a new one.
    expect(planResume(filtered, root)).toEqual({
      ...filtered.request,
      fromNodes: ['summarise'],
      projectRoot: root,
      env: 'staging',
      resumeOf: 'r-filtered',
    });
    history.close();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const old = new Database(backupFile(file, 2), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(2);
    expect(() => old.prepare('SELECT request FROM runs').all()).toThrow(/no such column/);
    old.close();

    const shown = await pipewright(['show', 'r-filtered', '--project', root]).done;
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(
      'options    {"nodes":["clean","summarise"],"toNodes":["summarise"],"tags":["t"],"namespace":"ns"}',
    );
    expect(shown.stdout).toContain('--params   {"alpha":{"beta":1}}');
    expect(shown.stdout).toContain('parameters (not recorded)');
  });
});
