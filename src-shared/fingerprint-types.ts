// What the app is told of fingerprints: a dataset's drift across runs, stale nodes, two runs' differences.
import type { ColumnSchema } from './run-events';

/** One run's save of a dataset, as its fingerprint recorded it. */
export interface DatasetDriftPoint {
  runId: string;
  at: number;
  hash: string;
  bytes: number;
  rows: number | null;
  schema: ColumnSchema[] | null;
  /** How the store keeps it: 'file', 'folder', 'rows', 'too-large', or null (not kept). */
  kept: string | null;
  /** Against the save before it (older): what changed. */
  change: {
    content: boolean;
    rows: number | null;
    bytes: number;
    added: string[];
    removed: string[];
    retyped: Array<{ name: string; from: string; to: string }>;
  } | null;
}

export interface DatasetDrift {
  dataset: string;
  /** Newest first. */
  points: DatasetDriftPoint[];
}

/** A node `run --changed` would run, and why; an up-to-date node has no reasons. */
export interface NodeStaleness {
  node: string;
  reasons: string[];
  upToDateWith?: string;
}

export interface StaleNodes {
  pipeline: string;
  nodes: NodeStaleness[];
}

interface OutputSide {
  hash: string;
  bytes: number;
  rows: number | null;
  schema: ColumnSchema[] | null;
}

/** What differs between two runs, beyond their nodes' timings. */
export interface RunDiff {
  /** Runner, async, env, max workers, filters… by key (only those that differ). */
  request: Array<{ key: string; a: unknown; b: unknown }>;
  /** Effective parameters (what the nodes saw), by dotted key (only those that differ). */
  params: Array<{ key: string; a: unknown; b: unknown }>;
  /** Nodes both runs ran whose code fingerprint differs, with the files that changed. */
  code: Array<{ node: string; a?: string; b?: string; files: string[] }>;
  /** Outputs both runs saved that differ in content (with rows, size and schema on each side). */
  outputs: Array<{ dataset: string; a?: OutputSide; b?: OutputSide; added: string[]; removed: string[] }>;
}
