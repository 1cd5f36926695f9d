import type { LogEvent, RunEvent } from '../../src-shared/run-events';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import { planChanged, planLog, type FingerprintSource } from './changed-plan';
import { staticFingerprints } from './node-fingerprint';
import { RunFingerprints, type OutputKeeper } from './run-fingerprints';

export {
  planChanged,
  planLog,
  type ChangedPlan,
  type FingerprintSource,
  type LastSuccess,
  type NodeVerdict,
} from './changed-plan';
export { staticFingerprints } from './node-fingerprint';
export type { OutputKeeper } from './run-fingerprints';
export { hashBytes, hashPath, hashParts } from './hash';
export { fingerprintLocation, locateDataset, type DatasetFingerprint } from './dataset-fingerprint';

export const CHANGED_LOGGER = 'pipewright.changed';

/** One run's fingerprinting, as `startRun` drives it. */
export interface RunFingerprinting {
  /** The pipeline to run: the stale nodes with `changed`, else the one given. */
  pipeline: Pipeline;
  /** Log lines to report once the run has started (what `changed` skips and why). */
  log: LogEvent[];
  onEvent(event: RunEvent): void;
  finish(): ReturnType<RunFingerprints['finish']>;
}

export async function prepareFingerprints(
  root: string,
  selected: Pipeline,
  catalog: DataCatalog,
  history: FingerprintSource,
  changed: boolean,
  keeper?: OutputKeeper,
): Promise<RunFingerprinting> {
  const fixed = await staticFingerprints(root, selected, catalog);
  let pipeline = selected;
  let log: LogEvent[] = [];
  if (changed) {
    const plan = await planChanged(root, selected, catalog, fixed, history);
    pipeline = plan.pipeline;
    const at = Date.now();
    log = planLog(plan).map((message) => ({ type: 'log', at, level: 'info', message, logger: CHANGED_LOGGER }));
  }
  const run = new RunFingerprints(root, pipeline, catalog, fixed, keeper);
  return { pipeline, log, onEvent: run.onEvent, finish: () => run.finish() };
}
