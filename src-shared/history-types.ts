// What the run history returns: JSON-safe, shown by the CLI (`runs`, `show`) and the app's run browser.
// They extend the API's run types, so the history can be handed to the app without reshaping.
import type { RunDetail, RunLogLine, RunSummary } from './api-types';
import type { RunStatus } from './run-events';

export interface HistoryRunSummary extends RunSummary {
  /** Denormalized on the run's row, so listing needs no join. */
  nodesDone: number;
  nodesFailed: number;
  env: string | null;
  /** `git rev-parse HEAD` in the project when the run started, if it is in a repository. */
  gitCommit: string | null;
}

/** One dataset load or save of a run. */
export interface DatasetIoRecord {
  node: string | null;
  dataset: string;
  kind: 'load' | 'save';
  datasetType: string;
  at: number;
  ms: number;
  size: number | null;
  version: string | null;
  path: string | null;
}

export interface HistoryRunDetail extends Omit<HistoryRunSummary, 'env'>, RunDetail {
  logs: Array<RunLogLine & { id: number }>;
  io: DatasetIoRecord[];
}

export interface RunFilter {
  status?: RunStatus;
  pipeline?: string;
  /** Runs started at or after this time (ms since the epoch). */
  since?: number;
  /** Runs started before this time (ms since the epoch): `since` and `until` make a half-open range. */
  until?: number;
  limit?: number;
  offset?: number;
}
