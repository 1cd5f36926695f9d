import type { JsonValue, NodeState, RunComparison, RunDetail, RunLogLine, RunOutput, RunSummary } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import type { RunEvent, RunStatus } from '../../src-shared/run-events';
import { applyEvent, newLiveRun } from './live-run';
import type { RunMeta, RunRecorderLike } from './run-request';
import { ServiceError } from './service-error';

/** The part of the run history (src-main/history) the app uses. */
export interface HistoryPort {
  recorder(meta: RunMeta): RunRecorderLike;
  listRuns(filter: Record<string, unknown>): unknown[] | Promise<unknown[]>;
  getRun(runId: string): unknown | Promise<unknown>;
  close?(): void;
}
export type OpenHistory = (projectRoot: string) => HistoryPort;

type Raw = Record<string, unknown>;

/** Reads the history of the open project: the runs list, a run's detail, and two runs compared. */
export class HistoryService {
  private readonly open = new Map<string, HistoryPort>();

  constructor(
    private readonly openHistory: OpenHistory,
    private readonly currentRoot: () => string,
  ) {}

  recorder(meta: RunMeta): RunRecorderLike {
    return this.port(meta.projectRoot).recorder(meta);
  }

  async list(filter: ParsedArgs<'runs.list'>): Promise<RunSummary[]> {
    const rows = await this.port(this.currentRoot()).listRuns({ ...filter });
    return rows.map((r) => toSummary(r as Raw));
  }

  async get(runId: string): Promise<RunDetail> {
    const raw = (await this.port(this.currentRoot()).getRun(runId)) as Raw | undefined | null;
    if (!raw) throw new ServiceError('not-found', `No run '${runId}' in this project's history.`);
    return toDetail(raw);
  }

  async compare(a: string, b: string): Promise<RunComparison> {
    const [ra, rb] = await Promise.all([this.get(a), this.get(b)]);
    const flatA = flatten(ra.params);
    const flatB = flatten(rb.params);
    const keys = [...new Set([...Object.keys(flatA), ...Object.keys(flatB)])].sort();
    const duration = (n: NodeState) => (n.startedAt && n.endedAt ? n.endedAt - n.startedAt : undefined);
    const names = [...new Set([...ra.nodes.map((n) => n.name), ...rb.nodes.map((n) => n.name)])];
    const side = (run: RunDetail, name: string) => {
      const n = run.nodes.find((x) => x.name === name);
      return n ? { status: n.status, durationMs: duration(n) } : undefined;
    };
    return {
      a: summaryOf(ra),
      b: summaryOf(rb),
      params: keys.filter((k) => JSON.stringify(flatA[k]) !== JSON.stringify(flatB[k])).map((key) => ({ key, a: flatA[key], b: flatB[key] })),
      nodes: names.map((name) => ({ name, a: side(ra, name), b: side(rb, name) })),
    };
  }

  close(): void {
    for (const h of this.open.values()) h.close?.();
    this.open.clear();
  }

  private port(root: string): HistoryPort {
    let h = this.open.get(root);
    if (!h) this.open.set(root, (h = this.openHistory(root)));
    return h;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const pick = (raw: Raw, ...keys: string[]) => keys.map((k) => raw[k]).find((v) => v !== undefined && v !== null);

function toSummary(raw: Raw): RunSummary {
  const nodes = Array.isArray(raw.nodes) ? (raw.nodes as Raw[]) : [];
  return {
    runId: String(pick(raw, 'runId', 'id', 'run_id')),
    projectRoot: str(pick(raw, 'projectRoot', 'project_root')) ?? '',
    pipeline: str(raw.pipeline) ?? '__default__',
    runner: str(raw.runner) ?? 'SequentialRunner',
    isAsync: Boolean(pick(raw, 'isAsync', 'is_async')),
    maxWorkers: num(pick(raw, 'maxWorkers', 'max_workers')),
    status: (str(raw.status) ?? 'interrupted') as RunStatus,
    startedAt: num(pick(raw, 'startedAt', 'started_at')) ?? 0,
    endedAt: num(pick(raw, 'endedAt', 'ended_at')),
    nodeCount: num(pick(raw, 'nodeCount', 'node_count')) ?? nodes.length,
    failedNodes: Array.isArray(raw.failedNodes) ? (raw.failedNodes as string[]) : nodes.filter((n) => n.status === 'failed').map((n) => String(n.name)),
    resumeOf: str(pick(raw, 'resumeOf', 'resume_of')),
    commandLine: str(pick(raw, 'commandLine', 'command_line')),
  };
}

function toDetail(raw: Raw): RunDetail {
  const summary = toSummary(raw);
  const events = Array.isArray(raw.events) ? (raw.events as RunEvent[]) : [];
  // Folding the recorded events gives nodes, logs and outputs whatever the history stores besides.
  const live = newLiveRun(summary.runId, summary.pipeline, summary.runner, []);
  const logs: RunLogLine[] = [];
  const outputs: RunOutput[] = [];
  for (const e of events) {
    applyEvent(live, e);
    if (e.type === 'log') logs.push({ at: e.at, level: e.level, message: e.message, node: e.node, logger: e.logger });
    if (e.type === 'dataset-save') outputs.push({ dataset: e.dataset, node: e.node, datasetType: e.datasetType, version: e.version, path: e.path, size: e.size });
  }
  const nodes = events.length ? live.nodes : ((raw.nodes as NodeState[] | undefined) ?? []);
  return {
    ...summary,
    nodeCount: summary.nodeCount || nodes.length,
    failedNodes: summary.failedNodes.length ? summary.failedNodes : nodes.filter((n) => n.status === 'failed').map((n) => n.name),
    env: str(raw.env) ?? 'local',
    params: (raw.params as Record<string, JsonValue>) ?? {},
    filters: (raw.filters as Record<string, JsonValue>) ?? {},
    nodes,
    logs: events.length ? logs : ((raw.logs as RunLogLine[] | undefined) ?? []),
    outputs: events.length ? outputs : ((pick(raw, 'outputs', 'datasets') as RunOutput[] | undefined) ?? []),
    error: (raw.error as RunDetail['error']) ?? live.error,
    resumeFrom: (pick(raw, 'resumeFrom', 'resume_from') as string[] | undefined) ?? live.resumeFrom ?? [],
  };
}

function summaryOf(d: RunDetail): RunSummary {
  const { env: _e, params: _p, filters: _f, nodes: _n, logs: _l, outputs: _o, error: _er, resumeFrom: _r, ...summary } = d;
  return summary;
}

function flatten(obj: Record<string, JsonValue>, prefix = ''): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v, key));
    else out[key] = v;
  }
  return out;
}
