import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { ErrorInfo, RunEvent, RunStatus } from '../../src-shared/run-events';
import { insertRows, prepareRecorderStatements, withBusyTimeout, type RecorderStatements } from './recorder-sql';
import { LogChunkQueries } from './log-chunks';
import { RecorderBatch } from './recorder-batch';
import type { HistoryErrorHandler, RunMeta } from '../../src-shared/run-request';

const FLUSH_EVERY_EVENTS = 4_000;
const FLUSH_EVERY_MS = 200;
/** After a failed write (the file locked by another writer for long), the next attempt. */
export const RETRY_MS = 1_000;
/** Errors other than a busy file (disk full, a damaged file) are retried this often, then dropped. */
const MAX_OTHER_FAILURES = 3;
export const HEARTBEAT_MS = 5_000;

/**
 * Recorders with something still to write. A process that exits before their runs' callers close
 * them (a second Ctrl+C, an uncaught error, process.exit in a node) writes it on the way out:
 * writes are synchronous, so an 'exit' listener can.
 */
const live = new Set<RunRecorder>();
const shutdownLive = () => {
  for (const r of [...live]) r.shutdown();
};

type RunStart = Extract<RunEvent, { type: 'run-start' }>;
interface RunEnd {
  status: RunStatus;
  at: number;
  error?: ErrorInfo;
  resumeFrom?: string[];
}

export interface RecorderOptions {
  gitCommit?: string;
  /** How long a write waits for another writer's lock before it is retried later. */
  batchWaitMs: number;
  /** The connection's busy timeout: what the last write, at shutdown, waits. */
  busyTimeoutMs: number;
  onError: HistoryErrorHandler;
  /** Called once everything is written (or given up at shutdown), so the history can forget it. */
  onDone?: () => void;
}

/**
 * Records one run. The run's row is written at once (so a crash leaves a visible "running" run
 * that the next opener marks interrupted); everything else is buffered and written in one short
 * transaction per batch, which keeps the cost per node in microseconds and the lock brief for
 * other writers.
 *
 * Recording never fails a run: a write that cannot get the lock (or fails otherwise) leaves the
 * batch in memory, the problem is reported once, and the next flush or a retry timer writes it.
 * Each batch is one transaction, so a failed attempt wrote nothing and a retry writes it once.
 */
export class RunRecorder {
  private batch: RecorderBatch;
  private startEvent: RunStart | undefined;
  private endState: RunEnd | undefined;
  private startWritten = false;
  private endWritten = false;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private reported = false;
  private otherFailures = 0;
  private disposed = false;
  private readonly stmts: RecorderStatements;
  private readonly logChunks: LogChunkQueries;
  /** Log lines written so far: the next batch's lines are numbered from here + 1. */
  private linesWritten = 0;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly meta: RunMeta,
    private readonly options: RecorderOptions,
  ) {
    this.batch = new RecorderBatch(meta.runId);
    this.stmts = prepareRecorderStatements(db);
    this.logChunks = new LogChunkQueries(db);
    if (!live.size) process.on('exit', shutdownLive);
    live.add(this);
  }

  readonly onEvent = (event: RunEvent): void => {
    if (this.endState || this.disposed) return;
    if (event.type === 'run-start') {
      if (this.startEvent) return;
      this.startEvent = event;
      this.write();
    } else if (event.type === 'run-end') {
      this.end({ status: event.status, at: event.at, error: event.error, resumeFrom: event.resumeFrom });
    } else {
      this.batch.add(event);
      // While retrying, the retry timer writes: a locked file must not cost the run a wait per event.
      if (this.retryTimer) return;
      if (this.batch.size >= FLUSH_EVERY_EVENTS) this.write();
      else if (!this.timer) this.timer = setTimeout(() => this.write(), FLUSH_EVERY_MS).unref();
    }
  };

  /** Ends the run with this status if nothing else did (the process is going away). */
  abort(status: Extract<RunStatus, 'cancelled' | 'interrupted' | 'failed'> = 'interrupted'): void {
    if (this.startEvent && !this.endState) this.end({ status, at: Date.now() });
  }

  /** The run is over for its caller; anything not yet written keeps being retried. */
  close(): void {
    this.abort('interrupted');
    if (!this.startEvent) this.finish();
  }

  /**
   * The database is closing (the process is ending): one last attempt that waits as long as the
   * busy timeout allows, then stop for good.
   */
  shutdown(): void {
    this.abort('interrupted');
    if (!this.done) this.write(this.options.busyTimeoutMs);
    this.finish();
  }

  /** True once the run's row, every event and the run's end are in the database. */
  get done(): boolean {
    return this.endWritten && !this.batch.size;
  }

  private end(state: RunEnd): void {
    if (!this.startEvent) return;
    this.endState = state;
    this.write();
  }

  /**
   * Writes what is pending, in order: the run's row, the buffered events, the run's end. Returns
   * quietly whatever happens; a failure schedules a retry. Writes wait only briefly for another
   * writer's lock: they are synchronous, and in the app they run on the main process.
   */
  private write(waitMs = this.options.batchWaitMs): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = undefined;
    try {
      withBusyTimeout(this.db, waitMs, this.options.busyTimeoutMs, () => {
        if (!this.startWritten) {
          if (!this.startEvent) return;
          this.writeStart(this.startEvent);
          this.startWritten = true;
          this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS).unref();
        }
        if (this.batch.size) {
          this.writeBatch(this.batch);
          this.batch = new RecorderBatch(this.meta.runId);
        }
        if (this.endState && !this.endWritten) {
          this.writeEnd(this.endState);
          this.endWritten = true;
        }
      });
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.endWritten) this.finish();
  }

  private fail(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    const busy = /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');
    const givingUp = !busy && ++this.otherFailures >= MAX_OTHER_FAILURES;
    if (!this.reported || givingUp) {
      this.reported = true;
      try {
        this.options.onError(error, this.meta.runId, !givingUp);
      } catch {
        // A broken error handler must not fail the run either.
      }
    }
    if (givingUp) this.finish();
    else this.retryTimer = setTimeout(() => this.write(), RETRY_MS).unref();
  }

  private beat(): void {
    try {
      withBusyTimeout(this.db, this.options.batchWaitMs, this.options.busyTimeoutMs, () =>
        this.stmts.heartbeat.run(Date.now(), this.meta.runId),
      );
    } catch {
      // Missing one heartbeat is harmless: the next one, or the next batch, moves it on.
    }
  }

  private finish(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.retryTimer = this.heartbeat = undefined;
    live.delete(this);
    if (!live.size) process.off('exit', shutdownLive);
    this.options.onDone?.();
  }

  private writeStart(event: RunStart): void {
    const m = this.meta;
    this.db
      .transaction(() => {
        this.stmts.insertRun.run({
          id: m.runId,
          project_root: m.projectRoot,
          pipeline: event.pipeline,
          runner: m.request.runner || event.runner,
          is_async: event.isAsync ? 1 : 0,
          max_workers: event.maxWorkers,
          request: JSON.stringify(m.request),
          parameters: JSON.stringify(m.parameters),
          env: m.env,
          git_commit: this.options.gitCommit ?? null,
          command_line: m.commandLine ?? null,
          resume_of: m.resumeOf ?? null,
          pid: process.pid,
          hostname: hostname(),
          started_at: event.at,
          node_count: event.nodes.length,
        });
        const rows = event.nodes.flatMap((name, seq) => [m.runId, name, seq]);
        insertRows(this.stmts.insertNodes, this.stmts.insertNode, rows, 3);
      })
      .immediate();
  }

  /**
   * One transaction per batch: the batch's log lines are one row, dataset io goes in multi-row
   * INSERTs, and a node that started and ended within the batch is one UPDATE.
   */
  private writeBatch(b: RecorderBatch): void {
    const id = this.meta.runId;
    const s = this.stmts;
    this.db
      .transaction(() => {
        for (const row of b.ran) s.runNode.run(row);
        for (const row of b.ended) s.endNode.run(row);
        for (const e of b.started.values()) s.startNode.run(e.worker, e.at, b.queued.get(e.node) ?? null, id, e.node);
        // Queued and not started within this batch: the node waits for a worker.
        for (const [name, at] of b.queued) if (!b.started.has(name)) s.queueNode.run(at, id, name);
        for (const name of b.skipped) s.skipNode.run(id, name);
        if (b.logCount) this.logChunks.write(id, this.linesWritten + 1, b.logCount, `[${b.logs}]`);
        insertRows(s.insertIos, s.insertIo, b.io, 10);
        for (const f of b.fingerprints) {
          if (f.type === 'node-fingerprint') s.nodeFingerprint.run(f.fingerprint, JSON.stringify(f.parts), id, f.node);
          else
            s.insertDatasetFingerprint.run(
              id,
              f.dataset,
              f.kind,
              f.node ?? null,
              f.at,
              f.hash,
              f.bytes,
              f.rows ?? null,
              f.schema ? JSON.stringify(f.schema) : null,
              f.path ?? null,
              f.version ?? null,
              f.kept ?? null,
            );
        }
        s.countNodes.run(b.done, b.failed, Date.now(), id);
      })
      .immediate();
    this.linesWritten += b.logCount;
  }

  private writeEnd(end: RunEnd): void {
    const id = this.meta.runId;
    this.db
      .transaction(() => {
        // Nodes still running when a run ends were stopped with it (cancelled, or interrupted: their process died).
        this.stmts.closeRunningNodes.run(end.status === 'interrupted' ? 'interrupted' : 'cancelled', end.at, id);
        this.stmts.skipWaitingNodes.run(id);
        this.stmts.endRun.run({
          id,
          status: end.status,
          ended_at: end.at,
          error: end.error ? JSON.stringify(end.error) : null,
          resume_from: end.resumeFrom ? JSON.stringify(end.resumeFrom) : null,
        });
      })
      .immediate();
  }
}
