import type { ParsedArgs } from '../../src-shared/contract';
import type { DatasetDrift, DatasetDriftPoint, RunDiff, StaleNodes } from '../../src-shared/fingerprint-types';
import type { ColumnSchema } from '../../src-shared/run-events';
import { planChanged, staticFingerprints } from '../fingerprint';
import type { DatasetFingerprintRecord } from '../history/fingerprint-queries';
import type { HistoryService } from './history-service';
import type { ProjectService } from './project-service';
import { selectPipeline } from './run-request';
import { loadProject } from '../project/load-project';

function schemaChange(before: ColumnSchema[] | null, after: ColumnSchema[] | null) {
  const was = new Map((before ?? []).map((c) => [c.name, c.type]));
  const is = new Map((after ?? []).map((c) => [c.name, c.type]));
  return {
    added: [...is.keys()].filter((n) => !was.has(n)),
    removed: [...was.keys()].filter((n) => !is.has(n)),
    retyped: [...is]
      .filter(([n, t]) => was.has(n) && was.get(n) !== t)
      .map(([name, to]) => ({ name, from: was.get(name)!, to })),
  };
}

function driftPoint(r: DatasetFingerprintRecord, older: DatasetFingerprintRecord | undefined): DatasetDriftPoint {
  return {
    runId: r.runId,
    at: r.at,
    hash: r.hash,
    bytes: r.bytes,
    rows: r.rows,
    schema: r.schema,
    kept: r.kept,
    change: older
      ? {
          content: older.hash !== r.hash,
          rows: r.rows !== null && older.rows !== null ? r.rows - older.rows : null,
          bytes: r.bytes - older.bytes,
          ...(older.schema && r.schema
            ? schemaChange(older.schema, r.schema)
            : { added: [], removed: [], retyped: [] }),
        }
      : null,
  };
}

function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = value;
  return out;
}

function differences(a: Record<string, unknown>, b: Record<string, unknown>) {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((key) => ({ key, a: a[key], b: b[key] }));
}

/** Fingerprints for the app: a dataset's drift, the stale nodes of a pipeline, two runs' differences. */
export class FingerprintService {
  constructor(
    private readonly history: HistoryService,
    private readonly projects: ProjectService,
  ) {}

  drift(args: ParsedArgs<'outputs.drift'>): DatasetDrift {
    const saves = this.history.fingerprints().drift(args.name, args.limit + 1);
    return {
      dataset: args.name,
      points: saves.slice(0, args.limit).map((r, i) => driftPoint(r, saves[i + 1])),
    };
  }

  async stale(args: ParsedArgs<'outputs.stale'>): Promise<StaleNodes> {
    // Loaded afresh, as a run loads it: a function's code is found among the modules loaded now.
    const open = this.projects.require().project;
    const project = await loadProject(open.root, { env: open.env });
    const { name, pipeline } = selectPipeline(project, { projectRoot: project.root, pipeline: args.pipeline });
    const catalog = project.createCatalog();
    const fixed = await staticFingerprints(project.root, pipeline, catalog);
    const plan = await planChanged(project.root, pipeline, catalog, fixed, this.history.fingerprints());
    return { pipeline: name, nodes: plan.verdicts };
  }

  async diff(args: ParsedArgs<'runs.diff'>): Promise<RunDiff> {
    const [ra, rb] = await Promise.all([this.history.get(args.a), this.history.get(args.b)]);
    const fp = this.history.fingerprints();
    const request = (r: typeof ra) => ({ ...flatten(r.request), env: r.env });
    const na = fp.nodesOfRun(args.a);
    const nb = fp.nodesOfRun(args.b);
    const code = [...new Set([...Object.keys(na), ...Object.keys(nb)])]
      .sort()
      // Only nodes both runs ran: a node one run skipped (--changed, filters) has no code to compare.
      .filter((n) => na[n] && nb[n] && na[n].parts.code !== nb[n].parts.code)
      .map((node) => {
        const fa = na[node]?.parts.codeFiles ?? {};
        const fb = nb[node]?.parts.codeFiles ?? {};
        const files = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((f) => fa[f] !== fb[f]).sort();
        return { node, a: na[node]?.parts.code, b: nb[node]?.parts.code, files };
      });
    const saves = (id: string) =>
      new Map(
        fp
          .datasetsOfRun(id)
          .filter((d) => d.kind === 'save')
          .map((d) => [d.dataset, d]),
      );
    const oa = saves(args.a);
    const ob = saves(args.b);
    const side = (d: DatasetFingerprintRecord | undefined) =>
      d && { hash: d.hash, bytes: d.bytes, rows: d.rows, schema: d.schema };
    const outputs = [...new Set([...oa.keys(), ...ob.keys()])]
      .sort()
      .filter((d) => oa.has(d) && ob.has(d) && oa.get(d)!.hash !== ob.get(d)!.hash)
      .map((dataset) => {
        const { added, removed } = schemaChange(oa.get(dataset)?.schema ?? null, ob.get(dataset)?.schema ?? null);
        return { dataset, a: side(oa.get(dataset)), b: side(ob.get(dataset)), added, removed };
      });
    return {
      request: differences(request(ra), request(rb)),
      params: differences(flatten(ra.parameters ?? {}), flatten(rb.parameters ?? {})),
      code,
      outputs,
    };
  }
}
