import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DatasetIoRecord, HistoryRunDetail, HistoryRunSummary, RunFilter } from '../../src-shared/history-types';
import type { RunLogLine } from '../../src-shared/api-types';
import { sweepStaleTempFiles } from '../datasets/temp-sweep';
import { gitCommit } from './git-commit';
import { migrate } from './migrations';
import { HEARTBEAT_MS, RunRecorder } from './recorder';
import { withBusyTimeout } from './recorder-sql';
import type { HistoryErrorHandler, RunMeta } from '../../src-shared/run-request';
import { RunQueries, isPersistedOutput } from './run-queries';
import { FingerprintQueries } from './fingerprint-queries';
import { isRecorderAlive } from '../process-alive';

export const HISTORY_FILE = join('.pipewright', 'history.db');
/** A running run whose heartbeat is this old belongs to a process that is gone or hung. */
const STALE_AFTER_MS = HEARTBEAT_MS * 6;
/** A WAL of this many pages (40 MB at 4 KB) is checkpointed by whichever commit reaches it. */
const AUTOCHECKPOINT_PAGES = 10_000;
const INTERRUPTED = JSON.stringify({
  name: 'Interrupted',
  message: 'The process running this run stopped before the run ended.',
});

export interface HistoryOptions {
  /** Overrides `<project>/.pipewright/history.db` (tests). */
  file?: string;
  /** How long a write waits for another writer before giving up (default 10 s). */
  busyTimeoutMs?: number;
  /**
   * How long a recorder's write, or the marking of interrupted runs, waits for another writer
   * before it is retried later (default 250 ms): these writes block the process while they wait.
   */
  batchWaitMs?: number;
  /** Told when a run cannot be recorded; by default a line on stderr. The run goes on. */
  onError?: HistoryErrorHandler;
}

/**
 * A project's run history: `<project>/.pipewright/history.db`, SQLite in WAL mode so the app and
 * several CLI runs can write at once, each waiting briefly (busy timeout) rather than failing.
 */
export class History {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly queries: RunQueries;
  /** Fingerprints of nodes and datasets: what --changed, `status` and drift read. */
  readonly fingerprints: FingerprintQueries;
  private readonly recorders = new Set<RunRecorder>();
  private checkpointTimer: NodeJS.Timeout | undefined;
  private readonly busyTimeoutMs: number;
  private readonly batchWaitMs: number;
  private readonly stmts: {
    running: Database.Statement;
    interruptNodes: Database.Statement;
    skipNodes: Database.Statement;
    interrupt: Database.Statement;
  };

  constructor(
    readonly projectRoot: string,
    private readonly options: HistoryOptions = {},
  ) {
    this.file = options.file ?? join(projectRoot, HISTORY_FILE);
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.batchWaitMs = Math.min(options.batchWaitMs ?? 250, this.busyTimeoutMs);
    mkdirSync(join(this.file, '..'), { recursive: true });
    this.db = new Database(this.file, { timeout: this.busyTimeoutMs });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      // Copying the WAL back into the file (and syncing it) is the costliest part of a commit;
      // left to every 1,000 pages it lands in the middle of runs. Runs checkpoint when they end.
      this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      migrate(this.db, this.file);
      this.queries = new RunQueries(this.db);
      this.fingerprints = new FingerprintQueries(this.db);
      this.stmts = {
        running: this.db.prepare(
          `SELECT id, pid, hostname, started_at, heartbeat_at FROM runs WHERE status = 'running'`,
        ),
        // A node's end is the run's last sign of life, or its own start if it started after that.
        interruptNodes: this.db.prepare(
          `UPDATE run_nodes SET status = 'interrupted', ended_at = max(coalesce(started_at, @at), @at) WHERE run_id = @id AND status = 'running'`,
        ),
        skipNodes: this.db.prepare(
          `UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND status IN ('waiting', 'queued')`,
        ),
        interrupt: this.db.prepare(
          `UPDATE runs SET status = 'interrupted', ended_at = coalesce(heartbeat_at, started_at), error = ? WHERE id = ? AND status = 'running'`,
        ),
      };
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.markInterruptedQuietly();
    // Runs that died mid-save left temp files: cleared in the background, never failing the open.
    void sweepStaleTempFiles(projectRoot).catch(() => undefined);
  }

  /** Starts recording a run: pass `recorder.onEvent` as the run's event listener. */
  recorder(meta: RunMeta): RunRecorder {
    const recorder: RunRecorder = new RunRecorder(this.db, meta, {
      gitCommit: gitCommit(this.projectRoot),
      busyTimeoutMs: this.busyTimeoutMs,
      batchWaitMs: this.batchWaitMs,
      onError: this.options.onError ?? ((err, runId, retrying) => this.reportToStderr(err, runId, retrying)),
      onDone: () => {
        this.recorders.delete(recorder);
        this.scheduleCheckpoint();
      },
    });
    this.recorders.add(recorder);
    return recorder;
  }

  listRuns(filter: RunFilter = {}): HistoryRunSummary[] {
    this.markInterruptedQuietly();
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
    return this.queries.io(runId).filter(isPersistedOutput);
  }

  /**
   * Runs left "running" by a process that is gone (on this host) or silent for too long (on
   * another host) are marked interrupted: their running nodes interrupted, their waiting ones
   * skipped, their finished ones left as they are. On this host the
   * process is asked rather than the heartbeat, since a node computing synchronously for minutes
   * stops the heartbeat of a run that is alive.
   */
  markInterrupted(): string[] {
    const now = Date.now();
    const here = hostname();
    const running = this.stmts.running.all() as Array<{
      id: string;
      pid: number | null;
      hostname: string | null;
      started_at: number;
      heartbeat_at: number | null;
    }>;
    const dead = running.filter((r) =>
      r.hostname === here && r.pid
        ? !isRecorderAlive(r.pid, r.started_at)
        : now - (r.heartbeat_at ?? 0) > STALE_AFTER_MS,
    );
    if (!dead.length) return [];
    this.db
      .transaction(() => {
        for (const r of dead) {
          this.stmts.interruptNodes.run({ at: r.heartbeat_at ?? r.started_at, id: r.id });
          this.stmts.skipNodes.run(r.id);
          this.stmts.interrupt.run(INTERRUPTED, r.id);
        }
      })
      .immediate();
    return dead.map((r) => r.id);
  }

  /**
   * Copies the WAL into the database file without waiting for readers or writers (PASSIVE). Runs
   * call it when they end; closing the last connection does it too.
   */
  checkpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another connection is checkpointing; the next run's end or close will.
    }
  }

  close(): void {
    for (const r of [...this.recorders]) r.shutdown();
    this.recorders.clear();
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.db.close();
  }

  /** After the run's caller has had its result: the checkpoint is not part of the run. */
  private scheduleCheckpoint(): void {
    if (this.db.open && !this.checkpointTimer) this.checkpointTimer = setTimeout(() => this.checkpoint(), 50).unref();
  }

  /** Marking interrupted runs is housekeeping: a busy file must not stop an open or a listing. */
  private markInterruptedQuietly(): void {
    try {
      withBusyTimeout(this.db, this.batchWaitMs, this.busyTimeoutMs, () => this.markInterrupted());
    } catch {
      // The next opener or listing marks them.
    }
  }

  private reportToStderr(err: Error, runId: string, retrying: boolean): void {
    process.stderr.write(
      `pipewright: could not write run ${runId} to the run history ${this.file}: ${err.message}. ${
        retrying
          ? 'The run goes on; its records are kept and written once the file is free.'
          : 'The run goes on without its history.'
      }\n`,
    );
  }
}

export function openHistory(projectRoot: string, options: HistoryOptions = {}): History {
  return new History(projectRoot, options);
}
