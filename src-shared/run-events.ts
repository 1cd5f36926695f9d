// What a run reports while it goes: consumed by the CLI's logger, the run history and the app.
// JSON-safe on purpose: these cross threads, processes, IPC and WebSockets unchanged.

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export type RunStatus = 'running' | 'success' | 'failed' | 'cancelled' | 'interrupted';

/**
 * waiting: not started yet (its inputs are not all there); queued: ready, waiting for a free
 * worker; skipped: never ran because the run failed or was cancelled first;
 * cancelled: stopped by a cancel; interrupted: running when its run's process died (its outputs
 * may be partly written).
 */
export type NodeStatus = 'waiting' | 'queued' | 'running' | 'done' | 'failed' | 'skipped' | 'cancelled' | 'interrupted';

export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

export interface NodeTimings {
  loadMs: number;
  computeMs: number;
  saveMs: number;
}

export interface RunStartEvent {
  type: 'run-start';
  runId: string;
  at: number;
  pipeline: string;
  runner: string;
  isAsync: boolean;
  maxWorkers: number;
  /** Every node of the run, in topological order, by name. */
  nodes: string[];
}

export interface NodeStartEvent {
  type: 'node-start';
  at: number;
  node: string;
  /** "main", "thread-2", "process-1234"… */
  worker: string;
}

/** A node's inputs are all there: it waits for a free worker until its `node-start`. */
export interface NodeQueuedEvent {
  type: 'node-queued';
  at: number;
  node: string;
}

export interface DatasetIoEvent {
  type: 'dataset-load' | 'dataset-save';
  at: number;
  node?: string;
  dataset: string;
  datasetType: string;
  ms: number;
  /** Bytes where known (files), otherwise an item count where cheap to know, else absent. */
  size?: number;
  /** The version loaded or saved, for versioned datasets. */
  version?: string;
  /** The file or folder read or written, for file datasets. */
  path?: string;
  /** For tables: the row count and the columns with their types. */
  rows?: number;
  schema?: ColumnSchema[];
}

export interface ColumnSchema {
  name: string;
  type: string;
}

/**
 * The fingerprint of a dataset a run saved, or loaded from outside the run: reported by the host
 * once it has hashed the data, before the run's end.
 */
export interface DatasetFingerprintEvent {
  type: 'dataset-fingerprint';
  at: number;
  node?: string;
  dataset: string;
  kind: 'load' | 'save';
  hash: string;
  bytes: number;
  rows?: number;
  schema?: ColumnSchema[];
  path?: string;
  version?: string;
  /** How `.pipewright/objects/` keeps a saved output: as a file, a folder or rows; or not, for its size. */
  kept?: 'file' | 'folder' | 'rows' | 'too-large';
}

/** What a node's fingerprint is made of, each part hashed. */
export interface NodeFingerprintParts {
  /** The function's source and the project files its module imports. */
  code: string;
  /** The project files in `code`: project-relative path → hash (to say which one changed). */
  codeFiles?: Record<string, string>;
  /** Parameter dataset name (`params:x`, `parameters`) → hash of its value. */
  params: Record<string, string>;
  /** Input dataset name → its data's fingerprint (memory datasets: their producer's fingerprint). */
  inputs: Record<string, string>;
}

/** The fingerprint of a node that ran: reported by the host before the run's end. */
export interface NodeFingerprintEvent {
  type: 'node-fingerprint';
  at: number;
  node: string;
  fingerprint: string;
  parts: NodeFingerprintParts;
}

export interface NodeEndEvent {
  type: 'node-end';
  at: number;
  node: string;
  worker: string;
  status: 'done' | 'failed' | 'cancelled';
  timings: NodeTimings;
  error?: ErrorInfo;
  /**
   * The node's fingerprint, when the host knew it as the node ended (its data all in memory or
   * parameters); otherwise a node-fingerprint event reports it before the run's end.
   */
  fingerprint?: NodeFingerprintEvent['fingerprint'];
  fingerprintParts?: NodeFingerprintParts;
}

export interface NodeSkipEvent {
  type: 'node-skip';
  at: number;
  node: string;
}

export interface LogEvent {
  type: 'log';
  at: number;
  level: LogLevel;
  message: string;
  node?: string;
  /** The logger's name, Kedro style: "pipewright.runner.sequential_runner". */
  logger?: string;
}

export interface RunEndEvent {
  type: 'run-end';
  at: number;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  error?: ErrorInfo;
  /** Node names to pass to `--from-nodes` to resume a failed or cancelled run. */
  resumeFrom?: string[];
  /** Names of the pipeline's free outputs (outputs not registered in the catalog). */
  freeOutputs: string[];
}

export type RunEvent =
  | RunStartEvent
  | NodeQueuedEvent
  | NodeStartEvent
  | DatasetIoEvent
  | NodeEndEvent
  | NodeSkipEvent
  | LogEvent
  | RunEndEvent
  | DatasetFingerprintEvent
  | NodeFingerprintEvent;
