import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DatasetIoRecord, HistoryRunDetail, HistoryRunSummary, RunFilter } from '../../src-shared/history-types';
import type { RunLogLine } from '../../src-shared/api-types';
import type { RunMeta } from '../services/run-request';
import { migrate } from './migrations';
import { HEARTBEAT_MS, RunRecorder } from './recorder';
import { RunQueries } from './run-queries';

export const HISTORY_FILE = join('.pipewright', 'history.db');
/** A running run whose heartbeat is this old belongs to a process that is gone or hung. */
const STALE_AFTER_MS = HEARTBEAT_MS * 6;

export interface HistoryOptions {
  /** Overrides `<project>/.pipewright/history.db` (tests). */
  file?: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/**
 * A project's run history: `<project>/.pipewright/history.db`, SQLite in WAL mode so the app and
 * several CLI runs can write at once, each waiting briefly (busy timeout) rather than failing.
 */
export class History {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly queries: RunQueries;
  private readonly recorders = new Set<RunRecorder>();

  constructor(
    readonly projectRoot: string,
    options: HistoryOptions = {},
  ) {
    this.file = options.file ?? join(projectRoot, HISTORY_FILE);
    mkdirSync(join(this.file, '..'), { recursive: true });
    this.db = new Database(this.file, { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, this.file);
    this.queries = new RunQueries(this.db);
    this.markInterrupted();
  }

  /** Starts recording a run: pass `recorder.onEvent` as the run's event listener. */
  recorder(meta: RunMeta): RunRecorder {
    const recorder = new RunRecorder(this.db, { ...meta, gitCommit: gitCommit(this.projectRoot) });
    this.recorders.add(recorder);
    return recorder;
  }

  listRuns(filter: RunFilter = {}): HistoryRunSummary[] {
    this.markInterrupted();
    return this.queries.list(filter);
  }

  getRun(runId: string): HistoryRunDetail | undefined {
    return this.queries.get(runId);
  }

  getRunLogs(runId: string, options: { afterId?: number; limit?: number } = {}): Array<RunLogLine & { id: number }> {
    return this.queries.logs(runId, options);
  }

  /** The files and versions a run wrote, so a past run's data can be shown. */
  datasetVersionsWritten(runId: string): DatasetIoRecord[] {
    return this.queries.io(runId).filter((e) => e.kind === 'save' && (e.path !== null || e.version !== null));
  }

  /**
   * Runs left "running" by a process that is gone (on this host) or silent for too long are
   * marked interrupted, with their unfinished nodes closed.
   */
  markInterrupted(): string[] {
    const now = Date.now();
    const here = hostname();
    const running = this.db
      .prepare(`SELECT id, pid, hostname, heartbeat_at FROM runs WHERE status = 'running'`)
      .all() as Array<{ id: string; pid: number | null; hostname: string | null; heartbeat_at: number | null }>;
    const dead = running.filter((r) =>
      r.hostname === here && r.pid ? !isAlive(r.pid) : now - (r.heartbeat_at ?? 0) > STALE_AFTER_MS,
    );
    if (!dead.length) return [];
    const mark = this.db.transaction(() => {
      for (const r of dead) {
        this.db.prepare(`UPDATE run_nodes SET status = 'cancelled', ended_at = ? WHERE run_id = ? AND status = 'running'`).run(now, r.id);
        this.db.prepare(`UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND status = 'waiting'`).run(r.id);
        this.db
          .prepare(`UPDATE runs SET status = 'interrupted', ended_at = coalesce(heartbeat_at, started_at), error = ? WHERE id = ? AND status = 'running'`)
          .run(JSON.stringify({ name: 'Interrupted', message: 'The process running this run stopped before the run ended.' }), r.id);
      }
    });
    mark.immediate();
    return dead.map((r) => r.id);
  }

  close(): void {
    for (const r of this.recorders) r.close();
    this.recorders.clear();
    this.db.close();
  }
}

export function openHistory(projectRoot: string, options: HistoryOptions = {}): History {
  return new History(projectRoot, options);
}
