import type { NodeFingerprintParts } from '../../src-shared/run-events';
import { isEphemeral } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { Pipeline } from '../engine/pipeline';
import { fingerprintLocation, locateDataset, type DatasetFingerprint } from './dataset-fingerprint';
import { FileHashCache } from './file-hash-cache';
import { isMemory } from './memory-values';
import { combineParts, memoryFingerprint, nodeParts, type StaticFingerprints } from './node-fingerprint';

/** A node's last successful run, as the history recorded it. */
export interface LastSuccess {
  runId: string;
  fingerprint: string;
  parts: NodeFingerprintParts;
  /** Persisted outputs it saved: dataset → content hash. */
  outputs: Record<string, string>;
}

/** What a --changed run compares against: the history's record of each node's last successful run. */
export interface FingerprintSource {
  lastSuccess(names: Iterable<string>): Map<string, LastSuccess>;
}

export interface NodeVerdict {
  node: string;
  /** Why it must run; empty when it is up to date. */
  reasons: string[];
  /** The run it is up to date with, when it is. */
  upToDateWith?: string;
}

/** A memory dataset a skipped node made in an earlier run, read back from the store for a node that runs. */
export interface ReloadedValue {
  dataset: string;
  producer: string;
  /** The run that made it. */
  runId: string;
  value: unknown;
}

export interface ChangedPlan {
  /** Every node of the pipeline, in its order. */
  verdicts: NodeVerdict[];
  /** The nodes that run. */
  pipeline: Pipeline;
  /** The fingerprints of the nodes that do not run. */
  skipped: Map<string, string>;
  /** Memory datasets the running nodes read from the store rather than have their producer make again. */
  reloaded: ReloadedValue[];
}

/** Reads a memory dataset kept by the node run of `producerFingerprint`, when there is one. */
export type ValueSource = (producerFingerprint: string, dataset: string) => Promise<{ value: unknown } | undefined>;

/**
 * Which nodes are stale, and why. A node is up to date when its fingerprint (code, parameters,
 * inputs' data) equals that of its last successful run and its persisted outputs still hold what
 * that run saved. A stale node makes everything downstream of it run; a node that would be
 * skipped runs anyway when it produces a memory dataset a running node needs, unless `values`
 * has that dataset as the node's last run made it.
 */
export async function planChanged(
  root: string,
  pipeline: Pipeline,
  catalog: DataCatalog,
  fixed: StaticFingerprints,
  history: FingerprintSource,
  values?: ValueSource,
  hashes: FileHashCache = new FileHashCache(root),
): Promise<ChangedPlan> {
  const last = history.lastSuccess(pipeline.nodes.map((n) => n.name));
  const persisted = new Map<string, Promise<DatasetFingerprint | undefined> | undefined>();
  const dataOf = (name: string) => {
    if (!persisted.has(name)) {
      const ds = catalog.has(name) ? catalog.getDataset(name) : undefined;
      const where = ds && !isEphemeral(ds) ? locateDataset(ds, root) : undefined;
      persisted.set(name, where ? fingerprintLocation(where, hashes).catch(() => undefined) : undefined);
    }
    return persisted.get(name);
  };

  const reasons = new Map<string, string[]>();
  const current = new Map<string, string>();
  for (const node of pipeline.nodes) {
    const why: string[] = [];
    const inputs = new Map<string, string>();
    for (const name of node.inputs) {
      const data = dataOf(name);
      const fp = data ? await data : undefined;
      const producer = pipeline.producerOf(name);
      const producerFp = producer && current.get(producer.name);
      inputs.set(
        name,
        fp?.hash ?? (data ? 'missing' : producerFp ? memoryFingerprint(producerFp, name) : `opaque:${name}`),
      );
    }
    const parts = nodeParts(node, fixed, (name) => inputs.get(name) ?? `opaque:${name}`);
    const fingerprint = await combineParts(parts);
    current.set(node.name, fingerprint);

    const upstream = pipeline.parentsOf(node).filter((p) => reasons.get(p.name)?.length);
    const before = last.get(node.name);
    if (!before) why.push('no successful run recorded');
    else if (before.fingerprint !== fingerprint) why.push(...describeChange(before.parts, parts));
    for (const out of node.outputs) {
      const data = dataOf(out);
      if (!data) continue;
      const now = await data;
      if (!now) why.push(`missing output '${out}'`);
      else if (before?.outputs[out] !== undefined && before.outputs[out] !== now.hash)
        why.push(`output '${out}' changed since run ${before.runId} saved it`);
    }
    for (const p of upstream) {
      const via = p.outputs.filter((d) => node.inputs.includes(d));
      why.push(`upstream node '${p.name}' re-runs (input ${via.map((d) => `'${d}'`).join(', ')})`);
    }
    // An input change that only echoes an upstream re-run says nothing new.
    const filtered = upstream.length
      ? why.filter((w) => !upstream.some((p) => p.outputs.some((d) => w === `input '${d}' changed`)))
      : why;
    reasons.set(node.name, filtered);
  }

  const running = new Set([...reasons].filter(([, r]) => r.length).map(([n]) => n));
  const reloaded = new Map<string, ReloadedValue>();
  const memoryOnly = (d: string) => !dataOf(d) && isMemory(catalog, d);
  for (const node of [...pipeline.nodes].reverse()) {
    if (running.has(node.name)) continue;
    for (const child of pipeline.childrenOf(node)) {
      if (!running.has(child.name)) continue;
      const memory = node.outputs.filter((d) => child.inputs.includes(d) && !dataOf(d));
      const missing: string[] = [];
      for (const d of memory) {
        if (reloaded.has(d)) continue;
        const kept = values && memoryOnly(d) ? await values(current.get(node.name)!, d) : undefined;
        if (kept) reloaded.set(d, { dataset: d, producer: node.name, runId: last.get(node.name)!.runId, ...kept });
        else missing.push(d);
      }
      if (!missing.length) continue;
      running.add(node.name);
      reasons.set(node.name, [
        `produces memory dataset ${missing.map((d) => `'${d}'`).join(', ')} needed by re-run node '${child.name}'`,
      ]);
      for (const d of node.outputs) reloaded.delete(d);
      break;
    }
  }
  const verdicts = pipeline.nodes.map((n) => ({
    node: n.name,
    reasons: reasons.get(n.name) ?? [],
    upToDateWith: running.has(n.name) ? undefined : last.get(n.name)?.runId,
  }));
  const run = pipeline.nodes.filter((n) => running.has(n.name)).map((n) => n.name);
  const skipped = new Map([...current].filter(([n]) => !running.has(n)));
  hashes.save();
  return {
    verdicts,
    pipeline: run.length ? pipeline.onlyNodes(...run) : new Pipeline([]),
    skipped,
    reloaded: [...reloaded.values()],
  };
}

function describeChange(before: NodeFingerprintParts, now: NodeFingerprintParts): string[] {
  const out: string[] = [];
  if (before.code !== now.code) {
    const was = before.codeFiles ?? {};
    const is = now.codeFiles ?? {};
    const files = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((f) => was[f] !== is[f]).sort();
    out.push(files.length ? `code changed (${files.join(', ')})` : "code changed (the function's source)");
  }
  out.push(...diffRecord(before.params, now.params, 'parameter', (n) => n.replace(/^params:/, '')));
  out.push(...diffRecord(before.inputs, now.inputs, 'input', (n) => n));
  return out;
}

function diffRecord(
  before: Record<string, string>,
  now: Record<string, string>,
  what: string,
  shown: (name: string) => string,
): string[] {
  const out: string[] = [];
  for (const name of Object.keys(now)) {
    if (!(name in before)) out.push(`new ${what} '${shown(name)}'`);
    else if (before[name] !== now[name]) out.push(`${what} '${shown(name)}' changed`);
  }
  for (const name of Object.keys(before)) if (!(name in now)) out.push(`${what} '${shown(name)}' removed`);
  return out;
}

/** The log lines of a plan: per skipped node why, per re-run node what changed. */
export function planLog(plan: ChangedPlan): string[] {
  const lines: string[] = [];
  for (const v of plan.verdicts) {
    if (v.reasons.length) lines.push(`Re-running node '${v.node}': ${v.reasons.join('; ')}`);
    else
      lines.push(
        `Skipping node '${v.node}': unchanged since run ${v.upToDateWith} (same code, parameters and inputs; outputs as saved)`,
      );
  }
  for (const r of plan.reloaded) lines.push(`Loaded '${r.dataset}' from the store (run ${r.runId})`);
  const total = plan.verdicts.length;
  const n = plan.pipeline.nodes.length;
  lines.push(n ? `Running ${n} out of ${total} nodes (the others are unchanged)` : `All ${total} nodes are unchanged`);
  return lines;
}
