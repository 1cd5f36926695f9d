import type BetterSqlite3 from 'better-sqlite3';
import type { ErrorInfo, LogLevel, NodeStatus, RunStatus } from '../../src-shared/run-events';
import type { DatasetIoRecord, HistoryRunDetail, HistoryRunSummary, RunFilter } from '../../src-shared/history-types';
import type { RecordedRequest } from '../../src-shared/api-types';
import { LogChunkQueries, type NumberedLogLine } from './log-chunks';

interface RunRow {
  id: string;
  project_root: string;
  pipeline: string;
  runner: string;
  is_async: number;
  max_workers: number | null;
  request: string;
  parameters: string | null;
  env: string | null;
  git_commit: string | null;
  command_line: string | null;
  resume_of: string | null;
  started_at: number;
  ended_at: number | null;
  status: RunStatus;
  error: string | null;
  resume_from: string | null;
  node_count: number;
  nodes_done: number;
  nodes_failed: number;
}

const SUMMARY_COLUMNS = `id, project_root, pipeline, runner, is_async, max_workers, env, git_commit, command_line, resume_of,
  started_at, ended_at, status, node_count, nodes_done, nodes_failed`;

/**
 * A save that left data behind which a past run can be shown by: it wrote a file or folder (a
 * path) or a version. Memory and other path-less datasets are not persisted outputs.
 */
export const isPersistedOutput = (e: DatasetIoRecord): boolean =>
  e.kind === 'save' && (e.path !== null || e.version !== null);

const parse = <T>(json: string | null, fallback: T): T => (json ? (JSON.parse(json) as T) : fallback);

/** The request column; keys a migrated run lacked are stored as null and left out here. */
function recordedRequest(r: RunRow): RecordedRequest {
  const stored = parse<Record<string, unknown>>(r.request, {});
  const request = Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null));
  return { ...request, pipeline: r.pipeline, runner: r.runner } as RecordedRequest;
}

function toSummary(r: RunRow, failedNodes: string[]): HistoryRunSummary {
  return {
    runId: r.id,
    projectRoot: r.project_root,
    pipeline: r.pipeline,
    runner: r.runner,
    isAsync: r.is_async === 1,
    maxWorkers: r.max_workers,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    nodeCount: r.node_count,
    nodesDone: r.nodes_done,
    nodesFailed: r.nodes_failed,
    failedNodes,
    resumeOf: r.resume_of,
    commandLine: r.command_line,
    env: r.env,
    gitCommit: r.git_commit,
  };
}

/** The read side of the history, on prepared statements. */
export class RunQueries {
  private readonly failedNodesOf: BetterSqlite3.Statement;
  private readonly runById: BetterSqlite3.Statement;
  private readonly nodesOf: BetterSqlite3.Statement;
  private readonly ioOf: BetterSqlite3.Statement;
  private readonly logsOf: BetterSqlite3.Statement;
  private readonly logChunks: LogChunkQueries;
  private readonly listCache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.failedNodesOf = db.prepare(`SELECT name FROM run_nodes WHERE run_id = ? AND status = 'failed' ORDER BY seq`);
    this.runById = db.prepare(`SELECT * FROM runs WHERE id = ?`);
    this.nodesOf = db.prepare(`SELECT * FROM run_nodes WHERE run_id = ? ORDER BY seq`);
    this.ioOf = db.prepare(`SELECT * FROM dataset_io WHERE run_id = ? ORDER BY id`);
    this.logsOf = db.prepare(
      `SELECT id, at, level, node, logger, message FROM run_logs WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?`,
    );
    this.logChunks = new LogChunkQueries(db);
  }

  /** Newest first. Node counts come from counters kept on the run's row, so no join is needed. */
  list(filter: RunFilter = {}): HistoryRunSummary[] {
    const conditions: Array<[string, unknown]> = [];
    if (filter.status) conditions.push(['status = ?', filter.status]);
    if (filter.pipeline) conditions.push(['pipeline = ?', filter.pipeline]);
    if (filter.since !== undefined) conditions.push(['started_at >= ?', filter.since]);
    if (filter.until !== undefined) conditions.push(['started_at < ?', filter.until]);
    const where = conditions.map(([sql]) => sql);
    const args = conditions.map(([, arg]) => arg);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`;
    let stmt = this.listCache.get(sql);
    if (!stmt) this.listCache.set(sql, (stmt = this.db.prepare(sql)));
    const rows = stmt.all(...args, filter.limit ?? 100, filter.offset ?? 0) as RunRow[];
    return rows.map((r) => toSummary(r, r.nodes_failed > 0 ? this.failedNames(r.id) : []));
  }

  get(runId: string): HistoryRunDetail | undefined {
    const r = this.runById.get(runId) as RunRow | undefined;
    if (!r) return undefined;
    const nodes = (this.nodesOf.all(runId) as Array<Record<string, unknown>>).map((n) => ({
      name: n.name as string,
      status: n.status as NodeStatus,
      worker: (n.worker as string | null) ?? undefined,
      queuedAt: (n.queued_at as number | null) ?? undefined,
      startedAt: (n.started_at as number | null) ?? undefined,
      endedAt: (n.ended_at as number | null) ?? undefined,
      loadMs: (n.load_ms as number | null) ?? undefined,
      computeMs: (n.compute_ms as number | null) ?? undefined,
      saveMs: (n.save_ms as number | null) ?? undefined,
      error: parse<ErrorInfo | undefined>(n.error as string | null, undefined),
    }));
    const io = this.io(runId);
    return {
      ...toSummary(
        r,
        nodes.filter((n) => n.status === 'failed').map((n) => n.name),
      ),
      env: r.env ?? 'local',
      request: recordedRequest(r),
      parameters: parse(r.parameters, null),
      nodes,
      logs: this.logs(runId),
      outputs: io.filter(isPersistedOutput).map((e) => ({
        dataset: e.dataset,
        node: e.node ?? undefined,
        datasetType: e.datasetType,
        version: e.version ?? undefined,
        path: e.path ?? undefined,
        size: e.size ?? undefined,
      })),
      error: parse<ErrorInfo | undefined>(r.error, undefined),
      resumeFrom: parse(r.resume_from, []),
      io,
    };
  }

  /** Runs recorded before schema 7 have their lines in run_logs (ids are row ids there). */
  logs(runId: string, options: { afterId?: number; limit?: number } = {}): NumberedLogLine[] {
    const afterId = options.afterId ?? 0;
    const limit = options.limit ?? 10_000;
    const chunked = this.logChunks.read(runId, afterId, limit);
    if (chunked) return chunked;
    const rows = this.logsOf.all(runId, afterId, limit) as Array<Record<string, unknown>>;
    return rows.map((l) => ({
      id: l.id as number,
      at: l.at as number,
      level: l.level as LogLevel,
      message: l.message as string,
      node: (l.node as string | null) ?? undefined,
      logger: (l.logger as string | null) ?? undefined,
    }));
  }

  io(runId: string): DatasetIoRecord[] {
    return (this.ioOf.all(runId) as Array<Record<string, unknown>>).map((e) => ({
      node: e.node as string | null,
      dataset: e.dataset as string,
      kind: e.kind as 'load' | 'save',
      datasetType: e.dataset_type as string,
      at: e.at as number,
      ms: e.ms as number,
      size: e.size as number | null,
      version: e.version as string | null,
      path: e.path as string | null,
    }));
  }

  private failedNames(runId: string): string[] {
    return (this.failedNodesOf.all(runId) as Array<{ name: string }>).map((n) => n.name);
  }
}
