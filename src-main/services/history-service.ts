import type { JsonValue, NodeState, RunComparison, RunDetail, RunSummary } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import type { HistoryRunDetail, HistoryRunSummary, RunFilter } from '../../src-shared/history-types';
import type { RunMeta, RunRecorderLike } from './run-request';
import { ServiceError } from './service-error';
import type { FingerprintQueries } from '../history/fingerprint-queries';

/** The part of the run history (src-main/history) the app uses, typed as the history returns it. */
export interface HistoryPort {
  recorder(meta: RunMeta): RunRecorderLike;
  listRuns(filter: RunFilter): HistoryRunSummary[];
  getRun(runId: string): HistoryRunDetail | undefined;
  /** The history's fingerprints (absent when the history could not be opened, or in tests). */
  fingerprints?(): FingerprintQueries;
  close?(): void;
}
export type OpenHistory = (projectRoot: string) => HistoryPort;

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

  async list(filter: ParsedArgs<'runs.list'>): Promise<HistoryRunSummary[]> {
    return this.port(this.currentRoot()).listRuns(filter);
  }

  async get(runId: string): Promise<HistoryRunDetail> {
    const run = this.port(this.currentRoot()).getRun(runId);
    if (!run) throw new ServiceError('not-found', `No run '${runId}' in this project's history.`);
    return run;
  }

  async compare(a: string, b: string): Promise<RunComparison> {
    const [ra, rb] = await Promise.all([this.get(a), this.get(b)]);
    const flatA = flatten(parametersOf(ra));
    const flatB = flatten(parametersOf(rb));
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
      params: keys
        .filter((k) => JSON.stringify(flatA[k]) !== JSON.stringify(flatB[k]))
        .map((key) => ({ key, a: flatA[key], b: flatB[key] })),
      nodes: names.map((name) => ({ name, a: side(ra, name), b: side(rb, name) })),
    };
  }

  /** The open project's fingerprints; an error a user can read when the history has none. */
  fingerprints(): FingerprintQueries {
    const port = this.port(this.currentRoot());
    if (!port.fingerprints) throw new ServiceError('not-found', 'The run history keeps no fingerprints in this host.');
    return port.fingerprints();
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

/** What the nodes saw; for runs recorded before that was kept, their `--params`. */
const parametersOf = (run: RunDetail): Record<string, JsonValue> =>
  run.parameters ?? ((run.request.params ?? {}) as Record<string, JsonValue>);

function summaryOf(d: HistoryRunDetail): RunSummary {
  const {
    env: _e,
    request: _q,
    parameters: _p,
    nodes: _n,
    logs: _l,
    outputs: _o,
    io: _io,
    error: _er,
    resumeFrom: _r,
    ...summary
  } = d;
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
