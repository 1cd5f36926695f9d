import type { LogEvent, RunEvent } from '../../src-shared/run-events';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import type { Hooks } from '../engine/runner/hooks';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { planChanged, planLog, type FingerprintSource, type ValueSource } from './changed-plan';
import { FileHashCache } from './file-hash-cache';
import { memoryKey } from './memory-values';
import { staticFingerprints } from './node-fingerprint';
import { RunFingerprints, type OutputKeeper } from './run-fingerprints';
import { dropManifest, statBlocker, writeManifest, type ManifestDraft, type StatManifest } from './stat-manifest';

export {
  planChanged,
  planLog,
  type ChangedPlan,
  type FingerprintSource,
  type LastSuccess,
  type NodeVerdict,
  type ReloadedValue,
} from './changed-plan';
export { memoryKey, type ValueKeeper } from './memory-values';
export { staticFingerprints } from './node-fingerprint';
export type { OutputKeeper } from './run-fingerprints';
export { hashBytes, hashPath, hashParts } from './hash';
export {
  checkManifest,
  type ManifestCheck,
  type ManifestDraft,
  type StatManifest,
  type StatSnapshot,
} from './stat-manifest';
export { fingerprintLocation, locateDataset, type DatasetFingerprint } from './dataset-fingerprint';

export const CHANGED_LOGGER = 'pipewright.changed';

/** One run's fingerprinting, as `startRun` drives it. */
export interface RunFingerprinting {
  /** The pipeline to run: the stale nodes with `changed`, else the one given. */
  pipeline: Pipeline;
  /** Log lines to report once the run has started (what `changed` skips and why). */
  log: LogEvent[];
  onEvent(event: RunEvent): void;
  /** Engine hooks for the run, in the engine (they keep the memory datasets its nodes make, on a pool too). */
  hooks: Hooks[];
  finish(): ReturnType<RunFingerprints['finish']>;
}

export interface FingerprintOptions {
  /** Only what changed since each node's last successful run. */
  changed?: boolean;
  /** Where outputs (and memory values) are kept. */
  keeper?: OutputKeeper;
  /**
   * With `changed`: what to record when the plan finds nothing to run, so that the next such
   * request with no file changed is answered without loading the project; `blocker` says why not.
   */
  manifest?: ManifestDraft & { blocker?: string };
}

/**
 * Fingerprints for one run; with `changed`, also its plan: which nodes run, and the memory
 * datasets put into `catalog` from the store for them.
 */
export async function prepareFingerprints(
  root: string,
  selected: Pipeline,
  catalog: DataCatalog,
  history: FingerprintSource,
  { changed, keeper, manifest }: FingerprintOptions,
): Promise<RunFingerprinting> {
  const fixed = await staticFingerprints(root, selected, catalog);
  const hashes = new FileHashCache(root);
  let pipeline = selected;
  let log: LogEvent[] = [];
  const skippedOutputs = new Map<string, string>();
  if (changed) {
    const values: ValueSource | undefined = keeper
      ? async (fp, dataset) => keeper.loadValue(await memoryKey(fp, dataset))
      : undefined;
    const plan = await planChanged(root, selected, catalog, fixed, history, values, hashes);
    pipeline = plan.pipeline;
    for (const node of selected.nodes) {
      const fp = plan.skipped.get(node.name);
      if (fp) for (const out of node.outputs) skippedOutputs.set(out, fp);
    }
    for (const r of plan.reloaded) catalog.add(r.dataset, new MemoryDataset({ data: r.value }), true);
    const at = Date.now();
    const lines = planLog(plan);
    if (manifest) {
      const blocker = manifest.blocker ?? statBlocker(root, selected, catalog);
      if (plan.pipeline.nodes.length || blocker) dropManifest(root);
      if (blocker) lines.push(`Each --changed run loads the project to plan: ${blocker}`);
      else if (!plan.pipeline.nodes.length)
        writeManifest(
          root,
          manifest,
          plan.verdicts.map((v) => ({ node: v.node, runId: v.upToDateWith ?? '' })),
        );
    }
    log = lines.map((message) => ({ type: 'log', at, level: 'info', message, logger: CHANGED_LOGGER }));
  }
  const run = new RunFingerprints(root, pipeline, catalog, fixed, keeper, skippedOutputs, hashes);
  return {
    pipeline,
    log,
    onEvent: run.onEvent,
    hooks: keeper?.keepsMemory ? [run.memoryHooks()] : [],
    finish: () => run.finish(),
  };
}

/** The log of a --changed run answered from the stat manifest: each node is up to date as recorded. */
export function manifestLog(manifest: StatManifest): LogEvent[] {
  const at = Date.now();
  const lines = [
    ...manifest.upToDate.map(
      (u) =>
        `Skipping node '${u.node}': unchanged since run ${u.runId} (no project file changed since a plan found it up to date)`,
    ),
    `All ${manifest.upToDate.length} nodes are unchanged (no file of the project changed since the last such plan: the project was not loaded)`,
  ];
  return lines.map((message) => ({ type: 'log', at, level: 'info', message, logger: CHANGED_LOGGER }));
}
