// The data explorer's API types: one page of a table dataset sorted and filtered on the host, the
// columns' statistics over the whole dataset, and a function node's source and last run.
import type { JsonValue } from './api-types';
import type { NodeStatus } from './run-events';

export type ColumnType = 'number' | 'string' | 'boolean' | 'date' | 'null' | 'mixed' | 'object';

/** Which data a table comes from: a dataset now, a version of it, what a past run wrote, or the last run's memory. */
export interface TableSource {
  name: string;
  version?: string;
  runId?: string;
  memory?: boolean;
}

export interface TableSort {
  column: string;
  desc?: boolean;
}

/**
 * Rows whose cell contains `text` (case-insensitive), in `column` or in any column. On one column,
 * `>10`, `<=0.5`, `=3` or `!=3` compare numbers.
 */
export interface TableFilter {
  text: string;
  column?: string;
}

export interface TablePage {
  dataset: string;
  columns: Array<{ name: string; type: ColumnType }>;
  /** Rows in the whole dataset. */
  totalRows: number;
  /** Rows that pass the filter (all rows when there is none). */
  rowCount: number;
  offset: number;
  /** One array per row, aligned with `columns`. */
  rows: JsonValue[][];
  /** Each row's number in the dataset (0-based), so a sorted or filtered row can be found. */
  rowNumbers: number[];
}

export interface ColumnStats {
  name: string;
  type: ColumnType;
  nulls: number;
  /** Distinct non-null values, counted up to `DISTINCT_CAP`. */
  distinct: number;
  distinctCapped: boolean;
  /** Numeric columns: the smallest and largest value. */
  min?: number;
  max?: number;
  mean?: number;
  /** Numeric columns: counts in equal-width bins from `min` to `max`. */
  histogram?: { counts: number[]; from: number; to: number; sampled: boolean };
}

export interface TableStats {
  dataset: string;
  rows: number;
  columns: ColumnStats[];
}

export const DISTINCT_CAP = 10_000;

export interface NodeSource {
  /** Project-relative file, or null when the function's file was not found. */
  file: string | null;
  /** 1-based line of the function's first line in `file`. */
  line: number | null;
  code: string;
}

export interface NodeLastRun {
  runId: string;
  status: NodeStatus;
  startedAt?: number;
  durationMs?: number;
  error?: string;
}

export interface NodeDetail {
  node: string;
  func: string;
  source: NodeSource | null;
  /** Why there is no source, when `source` is null. */
  sourceReason?: string;
  lastRun: NodeLastRun | null;
}
