import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { RunEvent, RunStatus } from '../../src-shared/run-events';
import type { RunMeta } from '../services/run-request';

const FLUSH_EVERY_EVENTS = 500;
const FLUSH_EVERY_MS = 200;
export const HEARTBEAT_MS = 5_000;

type Pending = Exclude<RunEvent, { type: 'run-start' | 'run-end' }>;

/**
 * Records one run. The run's row is written at once (so a crash leaves a visible "running" run
 * that the next opener marks interrupted); everything else is buffered and written in one short
 * transaction per batch, which keeps the cost per node in microseconds and the lock brief for
 * other writers.
 */
export class RunRecorder {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private started = false;
  private finished = false;
  private readonly stmts: ReturnType<typeof prepare>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly meta: RunMeta & { gitCommit?: string },
  ) {
    this.stmts = prepare(db);
  }

  readonly onEvent = (event: RunEvent): void => {
    if (this.finished) return;
    if (event.type === 'run-start') this.start(event);
    else if (event.type === 'run-end') this.end(event.status, event.at, event.error, event.resumeFrom);
    else {
      this.buffer.push(event);
      if (this.buffer.length >= FLUSH_EVERY_EVENTS) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_EVERY_MS).unref();
    }
  };

  /** Ends the run with this status if nothing else did (the process is going away). */
  abort(status: Extract<RunStatus, 'cancelled' | 'interrupted' | 'failed'> = 'interrupted'): void {
    if (this.started && !this.finished) this.end(status, Date.now());
  }

  close(): void {
    if (!this.finished) this.abort('interrupted');
    this.stop();
  }

  private start(event: Extract<RunEvent, { type: 'run-start' }>): void {
    const m = this.meta;
    this.db.transaction(() => {
      this.stmts.insertRun.run({
        id: event.runId,
        project_root: m.projectRoot,
        pipeline: event.pipeline,
        runner: m.runner || event.runner,
        is_async: event.isAsync ? 1 : 0,
        max_workers: event.maxWorkers,
        filters: JSON.stringify(m.filters ?? {}),
        params: JSON.stringify(m.params ?? {}),
        env: m.env,
        git_commit: m.gitCommit ?? null,
        command_line: m.commandLine ?? null,
        resume_of: m.resumeOf ?? null,
        pid: process.pid,
        hostname: hostname(),
        started_at: event.at,
        node_count: event.nodes.length,
      });
      event.nodes.forEach((name, seq) => this.stmts.insertNode.run(event.runId, name, seq));
    }).immediate();
    this.started = true;
    this.heartbeat = setInterval(() => this.stmts.heartbeat.run(Date.now(), this.meta.runId), HEARTBEAT_MS).unref();
  }

  private end(status: RunStatus, at: number, error?: { name: string; message: string; stack?: string }, resumeFrom?: string[]): void {
    if (!this.started) return;
    this.finished = true;
    this.flush();
    const id = this.meta.runId;
    this.db.transaction(() => {
      // Nodes still running when a run ends were stopped with it (cancelled, or their process died).
      this.stmts.closeRunningNodes.run('cancelled', at, id);
      this.stmts.skipWaitingNodes.run(id);
      this.stmts.endRun.run({
        id,
        status,
        ended_at: at,
        error: error ? JSON.stringify(error) : null,
        resume_from: resumeFrom ? JSON.stringify(resumeFrom) : null,
      });
    }).immediate();
    this.stop();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length || !this.started) return;
    const batch = this.buffer;
    this.buffer = [];
    const id = this.meta.runId;
    const s = this.stmts;
    this.db.transaction(() => {
      let done = 0;
      let failed = 0;
      for (const e of batch) {
        switch (e.type) {
          case 'node-start':
            s.startNode.run(e.worker, e.at, id, e.node);
            break;
          case 'node-end':
            s.endNode.run(e.status, e.worker, e.at, e.timings.loadMs, e.timings.computeMs, e.timings.saveMs, e.error ? JSON.stringify(e.error) : null, id, e.node);
            if (e.status === 'done') done++;
            if (e.status === 'failed') failed++;
            break;
          case 'node-skip':
            s.skipNode.run(id, e.node);
            break;
          case 'dataset-load':
          case 'dataset-save':
            s.insertIo.run(id, e.node ?? null, e.dataset, e.type === 'dataset-load' ? 'load' : 'save', e.datasetType, e.at, e.ms, e.size ?? null, e.version ?? null, e.path ?? null);
            break;
          case 'log':
            s.insertLog.run(id, e.at, e.level, e.node ?? null, e.logger ?? null, e.message);
            break;
        }
      }
      s.countNodes.run(done, failed, Date.now(), id);
    }).immediate();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = undefined;
  }
}

function prepare(db: BetterSqlite3.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insertRun: p(`INSERT INTO runs (id, project_root, pipeline, runner, is_async, max_workers, filters, params, env, git_commit,
        command_line, resume_of, pid, hostname, started_at, heartbeat_at, status, node_count)
      VALUES (@id, @project_root, @pipeline, @runner, @is_async, @max_workers, @filters, @params, @env, @git_commit,
        @command_line, @resume_of, @pid, @hostname, @started_at, @started_at, 'running', @node_count)`),
    insertNode: p(`INSERT INTO run_nodes (run_id, name, seq, status) VALUES (?, ?, ?, 'waiting')`),
    startNode: p(`UPDATE run_nodes SET status = 'running', worker = ?, started_at = ? WHERE run_id = ? AND name = ?`),
    endNode: p(`UPDATE run_nodes SET status = ?, worker = ?, ended_at = ?, load_ms = ?, compute_ms = ?, save_ms = ?, error = ?
      WHERE run_id = ? AND name = ?`),
    skipNode: p(`UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND name = ? AND status = 'waiting'`),
    insertIo: p(`INSERT INTO dataset_io (run_id, node, dataset, kind, dataset_type, at, ms, size, version, path)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertLog: p(`INSERT INTO run_logs (run_id, at, level, node, logger, message) VALUES (?, ?, ?, ?, ?, ?)`),
    countNodes: p(`UPDATE runs SET nodes_done = nodes_done + ?, nodes_failed = nodes_failed + ?, heartbeat_at = ? WHERE id = ?`),
    heartbeat: p(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'`),
    closeRunningNodes: p(`UPDATE run_nodes SET status = ?, ended_at = ? WHERE run_id = ? AND status = 'running'`),
    skipWaitingNodes: p(`UPDATE run_nodes SET status = 'skipped' WHERE run_id = ? AND status = 'waiting'`),
    endRun: p(`UPDATE runs SET status = @status, ended_at = @ended_at, error = @error, resume_from = @resume_from WHERE id = @id`),
  };
}
