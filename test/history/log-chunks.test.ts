// A run's log lines, stored a batch per row (schema 7): every line reads back, in order, with an
// id that pages; runs recorded one row per line before the upgrade read back as they were.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_FILE, MIGRATIONS, SCHEMA_VERSION, openHistory } from '../../src-main/history';
import { historyAtSchema, meta, removeTempDirs, runStart, tempDir, tempHistory } from './helpers';

afterAll(removeTempDirs);

const LOG_CHUNKS_VERSION = MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE run_log_chunks'))!.version;

describe('log lines a batch per row', () => {
  it('read back in order across batches, numbered 1..n, paged by afterId and limit', async () => {
    const { history, root } = tempHistory();
    const r = history.recorder(meta('paged'));
    r.onEvent(runStart('paged', ['a']));
    const line = (i: number) => ({
      type: 'log' as const,
      at: 10 + i,
      level: i % 7 === 0 ? ('warning' as const) : ('info' as const),
      message: `line ${i} "quoted" ✓`,
      node: i % 2 ? 'a' : undefined,
      logger: i % 3 ? 'pipewright.runner' : undefined,
    });
    for (let i = 0; i < 30; i++) r.onEvent(line(i));
    await new Promise((res) => setTimeout(res, 400)); // the flush timer writes the first batch
    for (let i = 30; i < 75; i++) r.onEvent(line(i));
    r.onEvent({ type: 'run-end', at: 500, status: 'success', freeOutputs: [] });

    const expected = Array.from({ length: 75 }, (_, i) => {
      const { type: _t, node, logger, ...rest } = line(i);
      return { id: i + 1, ...rest, ...(node ? { node } : {}), ...(logger ? { logger } : {}) };
    });
    const all = history.getRunLogs('paged');
    expect(all.map((l) => ({ ...l }))).toEqual(expected.map((l) => ({ node: undefined, logger: undefined, ...l })));
    expect(history.getRun('paged')!.logs.map((l) => l.message)).toEqual(expected.map((l) => l.message));

    // Pages that start and end inside a batch and across the boundary between the two.
    const paged: number[] = [];
    for (let after = 0; ;) {
      const page = history.getRunLogs('paged', { afterId: after, limit: 7 });
      if (!page.length) break;
      paged.push(...page.map((l) => l.id));
      after = page[page.length - 1].id;
    }
    expect(paged).toEqual(expected.map((l) => l.id));
    expect(history.getRunLogs('paged', { afterId: 75 })).toEqual([]);
    history.close();

    // Fewer rows than lines: one per batch.
    const db = new Database(join(root, HISTORY_FILE), { readonly: true });
    const rows = db.prepare(`SELECT line_count FROM run_log_chunks WHERE run_id = 'paged' ORDER BY first_line`).all();
    expect(rows).toEqual([{ line_count: 30 }, { line_count: 45 }]);
    db.close();
  });

  it('stores each batch as the JSON of its tuples, whatever the text holds, and reads every line back', () => {
    const { history, root } = tempHistory();
    const r = history.recorder(meta('texts'));
    r.onEvent(runStart('texts', ['a "node"']));
    const messages = [
      'plain',
      'quotes " and \\ backslashes \\"',
      'new\nline\ttab\r\u0000nul \u001b[31mcolour\u001b[0m',
      'ü€😀 and a lone \ud800 surrogate',
      '',
      '</script> \u2028\u2029',
    ];
    const lines = messages.map((message, i) => ({
      type: 'log' as const,
      at: 100 + i,
      level: (['debug', 'info', 'warning', 'error'] as const)[i % 4],
      message,
      node: i % 2 ? 'a "node"' : undefined,
      logger: i % 3 ? `logger ${i} ✓` : undefined,
    }));
    for (const line of lines) r.onEvent(line);
    r.onEvent({ type: 'run-end', at: 500, status: 'success', freeOutputs: [] });
    expect(history.getRunLogs('texts').map(({ id: _id, ...l }) => l)).toEqual(
      lines.map(({ type: _t, ...l }) => ({ ...l, node: l.node, logger: l.logger })),
    );
    history.close();

    const db = new Database(join(root, HISTORY_FILE), { readonly: true });
    const { lines: stored } = db.prepare(`SELECT lines FROM run_log_chunks WHERE run_id = 'texts'`).get() as {
      lines: string;
    };
    expect(stored).toBe(JSON.stringify(lines.map((l) => [l.at, l.level, l.node ?? null, l.logger ?? null, l.message])));
    db.close();
  });

  it('a history from before keeps its lines, one row each, readable after the upgrade', () => {
    const root = tempDir();
    const { file, db } = historyAtSchema(root, LOG_CHUNKS_VERSION - 1);
    db.prepare(
      `INSERT INTO runs (id, project_root, pipeline, runner, started_at, ended_at, status, node_count, nodes_done) VALUES ('old', ?, '__default__', 'SequentialRunner', 1000, 2000, 'success', 1, 1)`,
    ).run(root);
    const insert = db.prepare(
      `INSERT INTO run_logs (run_id, at, level, node, logger, message) VALUES ('old', ?, 'info', 'n0', 'pipewright.runner', ?)`,
    );
    for (let i = 0; i < 5; i++) insert.run(1100 + i, `old line ${i}`);
    db.close();

    const history = openHistory(root);
    const lines = history.getRunLogs('old');
    expect(lines.map((l) => l.message)).toEqual(Array.from({ length: 5 }, (_, i) => `old line ${i}`));
    expect(history.getRunLogs('old', { afterId: lines[1].id, limit: 2 }).map((l) => l.message)).toEqual([
      'old line 2',
      'old line 3',
    ]);
    history.close();
    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    upgraded.close();
  });

  it('chunks written at schema 7 (a WITHOUT ROWID table) read back the same after the upgrade to a rowid table', () => {
    const root = tempDir();
    const { file, db } = historyAtSchema(root, LOG_CHUNKS_VERSION);
    const run = db.prepare(
      `INSERT INTO runs (id, project_root, pipeline, runner, started_at, status) VALUES (?, ?, '__default__', 'SequentialRunner', 1000, 'success')`,
    );
    const chunk = db.prepare(`INSERT INTO run_log_chunks (run_id, first_line, line_count, lines) VALUES (?, ?, ?, ?)`);
    const tuples = (runId: string, from: number, n: number) =>
      Array.from({ length: n }, (_, i) => [
        1000 + from + i,
        'info',
        'n0',
        'pipewright.runner',
        `${runId} line ${from + i}`,
      ]);
    for (const runId of ['b-run', 'a-run']) {
      run.run(runId, root);
      chunk.run(runId, 4, 3, JSON.stringify(tuples(runId, 4, 3)));
      chunk.run(runId, 1, 3, JSON.stringify(tuples(runId, 1, 3)));
    }
    db.close();

    const history = openHistory(root);
    for (const runId of ['a-run', 'b-run']) {
      expect(history.getRunLogs(runId).map((l) => [l.id, l.message])).toEqual(
        Array.from({ length: 6 }, (_, i) => [i + 1, `${runId} line ${i + 1}`]),
      );
      expect(history.getRunLogs(runId, { afterId: 2, limit: 3 }).map((l) => l.id)).toEqual([3, 4, 5]);
    }
    history.close();
    const upgraded = new Database(file, { readonly: true });
    const { sql } = upgraded.prepare(`SELECT sql FROM sqlite_master WHERE name = 'run_log_chunks'`).get() as {
      sql: string;
    };
    expect(sql).not.toMatch(/WITHOUT ROWID/i);
    // A batch is written once: its (run, first line) is unique.
    expect(
      upgraded.prepare(`SELECT count(*) AS n FROM pragma_index_list('run_log_chunks') WHERE "unique" = 1`).get(),
    ).toEqual({
      n: 1,
    });
    upgraded.close();
  });
});
