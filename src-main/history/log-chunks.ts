import type BetterSqlite3 from 'better-sqlite3';
import type { LogLevel } from '../../src-shared/run-events';
import type { RunLogLine } from '../../src-shared/api-types';

// A run's log lines are stored a batch per row of run_log_chunks (schema 7; a rowid table keyed
// by a unique index on (run_id, first_line) since schema 8): the lines of one recorder batch as
// one JSON array of [at, level, node, logger, message] tuples. Each line's id is its number in
// the run (1, 2, ...), so paging with `afterId` works as it did on run_logs.

export type LogTuple = [number, LogLevel, string | null, string | null, string];

export type NumberedLogLine = RunLogLine & { id: number };

export class LogChunkQueries {
  private readonly insert: BetterSqlite3.Statement;
  private readonly after: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.insert = db.prepare(`INSERT INTO run_log_chunks (run_id, first_line, line_count, lines) VALUES (?, ?, ?, ?)`);
    // The chunks holding a line numbered above `afterId`, in order.
    this.after = db.prepare(
      `SELECT first_line, lines FROM run_log_chunks WHERE run_id = ? AND first_line + line_count > ? + 1 ORDER BY first_line`,
    );
  }

  /** `json`: the batch's `count` lines, in order, as a JSON array of tuples. */
  write(runId: string, firstLine: number, count: number, json: string): void {
    this.insert.run(runId, firstLine, count, json);
  }

  /** The run's lines numbered above `afterId`, at most `limit`; undefined when the run has no chunks. */
  read(runId: string, afterId: number, limit: number): NumberedLogLine[] | undefined {
    const out: NumberedLogLine[] = [];
    let any = false;
    for (const row of this.after.iterate(runId, afterId) as Iterable<{ first_line: number; lines: string }>) {
      any = true;
      const tuples = JSON.parse(row.lines) as LogTuple[];
      for (let i = Math.max(0, afterId + 1 - row.first_line); i < tuples.length; i++) {
        if (out.length >= limit) return out;
        const [at, level, node, logger, message] = tuples[i];
        out.push({
          id: row.first_line + i,
          at,
          level,
          message,
          node: node ?? undefined,
          logger: logger ?? undefined,
        });
      }
    }
    return any ? out : undefined;
  }
}
