import type BetterSqlite3 from 'better-sqlite3';

// The recorder's SQL: its prepared statements, multi-row inserts, and a busy timeout per write.

/**
 * Runs `fn` with the connection's busy timeout set to `ms`, then back to `restoreMs`. The timeout
 * is per connection; setting it around a write is safe because writes are synchronous.
 */
export function withBusyTimeout<T>(db: BetterSqlite3.Database, ms: number, restoreMs: number, fn: () => T): T {
  if (ms === restoreMs) return fn();
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${Math.round(restoreMs)}`);
  }
}

/** Rows per multi-row INSERT: ROWS × 10 parameters stays far under SQLite's limit of 32,766. */
const ROWS = 50;

/** Inserts `values` (`width` per row) ROWS at a time, then the rest one row at a time. */
export function insertRows(
  many: BetterSqlite3.Statement,
  one: BetterSqlite3.Statement,
  values: unknown[],
  width: number,
): void {
  const chunk = ROWS * width;
  let i = 0;
  for (; i + chunk <= values.length; i += chunk) many.run(values.slice(i, i + chunk));
  for (; i < values.length; i += width) one.run(values.slice(i, i + width));
}

const rowsOf = (n: number, width: number) =>
  Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');

export function prepareRecorderStatements(db: BetterSqlite3.Database) {
  const p = (sql: string) => db.prepare(sql);
  const NODE = `INSERT INTO run_nodes (run_id, name, seq, status) VALUES `;
  const waiting = (n: number) => Array.from({ length: n }, () => `(?, ?, ?, 'waiting')`).join(', ');
  const IO = 'INSERT INTO dataset_io (run_id, node, dataset, kind, dataset_type, at, ms, size, version, path) VALUES ';
  return {
    insertRun:
      p(`INSERT INTO runs (id, project_root, pipeline, runner, is_async, max_workers, request, parameters, env, git_commit,
        command_line, resume_of, pid, hostname, started_at, heartbeat_at, status, node_count)
      VALUES (@id, @project_root, @pipeline, @runner, @is_async, @max_workers, @request, @parameters, @env, @git_commit,
        @command_line, @resume_of, @pid, @hostname, @started_at, @started_at, 'running', @node_count)`),
    insertNode: p(`${NODE}${waiting(1)}`),
    insertNodes: p(`${NODE}${waiting(ROWS)}`),
    queueNode: p(
      `UPDATE run_nodes SET status = 'queued', queued_at = ? WHERE run_id = ? AND name = ? AND status = 'waiting'`,
    ),
    startNode: p(
      `UPDATE run_nodes SET status = 'running', worker = ?, started_at = ?, queued_at = coalesce(?, queued_at) WHERE run_id = ? AND name = ?`,
    ),
    endNode:
      p(`UPDATE run_nodes SET status = ?, worker = ?, ended_at = ?, load_ms = ?, compute_ms = ?, save_ms = ?, error = ?,
      fingerprint = coalesce(?, fingerprint), fingerprint_parts = coalesce(?, fingerprint_parts)
      WHERE run_id = ? AND name = ?`),
    skipNode: p(
      `UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND name = ? AND status IN ('waiting', 'queued')`,
    ),
    runNode:
      p(`UPDATE run_nodes SET status = ?, worker = ?, started_at = ?, ended_at = ?, load_ms = ?, compute_ms = ?, save_ms = ?, error = ?,
      queued_at = coalesce(?, queued_at), fingerprint = coalesce(?, fingerprint), fingerprint_parts = coalesce(?, fingerprint_parts)
      WHERE run_id = ? AND name = ?`),
    insertIo: p(IO + rowsOf(1, 10)),
    insertIos: p(IO + rowsOf(ROWS, 10)),
    insertDatasetFingerprint: p(
      `INSERT OR REPLACE INTO dataset_fingerprints (run_id, dataset, kind, node, at, hash, bytes, rows, schema, path, version, kept)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    nodeFingerprint: p(`UPDATE run_nodes SET fingerprint = ?, fingerprint_parts = ? WHERE run_id = ? AND name = ?`),
    countNodes: p(
      `UPDATE runs SET nodes_done = nodes_done + ?, nodes_failed = nodes_failed + ?, heartbeat_at = ? WHERE id = ?`,
    ),
    heartbeat: p(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'`),
    closeRunningNodes: p(`UPDATE run_nodes SET status = ?, ended_at = ? WHERE run_id = ? AND status = 'running'`),
    skipWaitingNodes: p(`UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND status IN ('waiting', 'queued')`),
    endRun: p(
      `UPDATE runs SET status = @status, ended_at = @ended_at, error = @error, resume_from = @resume_from WHERE id = @id`,
    ),
  };
}

export type RecorderStatements = ReturnType<typeof prepareRecorderStatements>;
