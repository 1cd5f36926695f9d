// The data the API returns. JSON-safe: it crosses IPC, HTTP and WebSockets unchanged.
import type { RunOptions } from './contract';
import type { ErrorInfo, LogLevel, NodeStatus, RunEvent, RunStatus } from './run-events';
import type { RunState } from './run-state';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface HostInfo {
  host: 'electron' | 'serve';
  version: string;
  /** Electron shows a folder dialog; a browser must type the path. */
  canPickFolder: boolean;
  /** The project the host was started on (`serve --project`), if any. */
  initialProject: string | null;
}

export interface RecentProject {
  root: string;
  name: string;
  openedAt: number;
}

export interface PipelineSummary {
  name: string;
  nodeCount: number;
  datasetCount: number;
  tags: string[];
  namespaces: string[];
}

export interface CatalogEntrySummary {
  name: string;
  type: string;
  /** A factory pattern such as `{name}_data`. */
  isPattern: boolean;
  versioned: boolean;
  layer?: string;
}

export interface RunnerChoice {
  /** What `runs.start` takes as `runner`: a built-in name or `src/file.ts#Export`. */
  id: string;
  label: string;
  builtIn: boolean;
}

export interface ProjectSummary {
  root: string;
  name: string;
  env: string;
  /** The environments under conf/ (besides base) a run may use. */
  envs?: string[];
  pipelines: PipelineSummary[];
  /** Every tag of every pipeline, sorted. */
  tags: string[];
  runners: RunnerChoice[];
  catalog: CatalogEntrySummary[];
  parameters: Record<string, JsonValue>;
  loadedAt: number;
  /** What loading the project warned about (the CLI prints the same), catalog entries first. */
  problems?: ProjectProblem[];
}

/** A warning of the project's load: a catalog entry that cannot be built, or another warning. */
export interface ProjectProblem {
  kind: 'catalog' | 'warning';
  message: string;
  /** Project-relative. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** The catalog entry, for kind 'catalog'. */
  dataset?: string;
}

/** `namespace`: a collapsed namespace, drawn by the app as one box; the API never returns it. */
export type GraphNodeKind = 'function' | 'dataset' | 'parameter' | 'namespace';

export interface GraphNode {
  /** `fn:<name>`, `ds:<name>` or `param:<name>`: unique across kinds. */
  id: string;
  kind: GraphNodeKind;
  /** The node, dataset or parameter name (`params:` prefix kept for parameters). */
  name: string;
  /** A short label: the name without its namespace. */
  label: string;
  tags: string[];
  namespace: string | null;
  /** From pipelines/<name>.json, when the file places this node. */
  position?: { x: number; y: number };
  /** function nodes: `src/file.ts#export` or the function's name. */
  func?: string;
  inputs?: string[];
  outputs?: string[];
  /** function nodes with keyword-style (record) inputs / outputs: the key of each of `inputs` / `outputs`, in order. */
  inputKeys?: string[];
  outputKeys?: string[];
  /** dataset nodes: the catalog type, or `MemoryDataset` when the catalog does not declare it. */
  datasetType?: string;
  layer?: string;
  /** dataset nodes: no node of this pipeline produces it / consumes it. */
  isInput?: boolean;
  isOutput?: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface PipelineGraph {
  pipeline: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  tags: string[];
  namespaces: string[];
  /** True when pipelines/<name>.json gave positions: the renderer may skip the layout. */
  hasPositions: boolean;
  /** The host's layout of the graph as first shown (no tag filter, no namespace collapsed), when the file gives no positions. */
  layout?: GraphLayout;
}

/** Node positions laid out by the host (src-main/services/graph-layout.ts), cached by `key` under `.pipewright/layouts/`. */
export interface GraphLayout {
  /** The layout's key (src-shared/graph-layout/layout-key.ts) of what was laid out. */
  key: string;
  /** x0, y0, x1, y1, … in the order of `PipelineGraph.nodes` (top-left corners). */
  xy: number[];
  /** Bend points per edge (`source>target`); only small graphs have any. */
  edges: Record<string, Array<[number, number]>>;
}

export interface ProjectFunction {
  /** `src/file.ts#export`, what a pipeline file's `func` holds. */
  ref: string;
  name: string;
  /** The module, `src/file.ts`. */
  file: string;
  /** The declared parameter count (`Function.length`). */
  arity: number;
}

export interface ValidationIssue {
  node?: string;
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  issues: ValidationIssue[];
}

export interface NodeState {
  name: string;
  status: NodeStatus;
  worker?: string;
  /** When its inputs were all there and it waited for a free worker (absent in runs recorded before). */
  queuedAt?: number;
  startedAt?: number;
  endedAt?: number;
  loadMs?: number;
  computeMs?: number;
  saveMs?: number;
  error?: ErrorInfo;
}

/** A run the host is running or has just run (kept in memory). */
export interface LiveRun extends RunState {
  /** Memory datasets of this run that can still be previewed. */
  memoryDatasets: string[];
}

export interface RunSummary {
  runId: string;
  projectRoot: string;
  pipeline: string;
  runner: string;
  isAsync: boolean;
  maxWorkers: number | null;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  nodeCount: number;
  failedNodes: string[];
  resumeOf: string | null;
  commandLine: string | null;
}

export interface RunLogLine {
  at: number;
  level: LogLevel;
  message: string;
  node?: string;
  logger?: string;
}

export interface RunOutput {
  dataset: string;
  node?: string;
  datasetType: string;
  version?: string;
  path?: string;
  size?: number;
}

/** A run's request as the history recorded it, with the pipeline and runner resolved. */
export type RecordedRequest = RunOptions & { pipeline: string; runner: string };

export interface RunDetail extends RunSummary {
  env: string;
  /** The whole request as it ran: filters, `--params` overrides, `--load-versions`, every option. */
  request: RecordedRequest;
  /** The parameters the nodes saw (conf/base, conf/<env>, then `--params`); null for runs recorded before they were kept. */
  parameters: Record<string, JsonValue> | null;
  nodes: NodeState[];
  logs: RunLogLine[];
  outputs: RunOutput[];
  error?: ErrorInfo;
  resumeFrom: string[];
}

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  /** Parameters that differ, by dotted key. */
  params: Array<{ key: string; a: JsonValue | undefined; b: JsonValue | undefined }>;
  nodes: Array<{
    name: string;
    a?: { status: NodeStatus; durationMs?: number };
    b?: { status: NodeStatus; durationMs?: number };
  }>;
}

export interface DatasetVersion {
  version: string;
  path?: string;
  modifiedAt?: number;
  size?: number;
}

export interface DatasetInfo {
  name: string;
  type: string;
  /** The catalog.yml entry after base/env merge, or null for an undeclared (memory) dataset. */
  definition: Record<string, JsonValue> | null;
  kind: 'catalog' | 'factory' | 'memory' | 'parameter';
  versioned: boolean;
  versions: DatasetVersion[];
  producers: string[];
  consumers: string[];
  exists: boolean;
  /** The last run kept this memory dataset's value, so it can be previewed. */
  inMemory: boolean;
}

interface PreviewBase {
  dataset: string;
  /** current: the catalog's data now; run: what a past run wrote; memory: the last run's value. */
  source: 'current' | 'run' | 'memory';
  version?: string;
  runId?: string;
  /** How the data is shown when not the usual way, e.g. a past output read by its file extension. */
  note?: string;
  /** With source 'run': when that run wrote it (and the store kept it), ms since the epoch. */
  writtenAt?: number;
}

export interface TablePreview extends PreviewBase {
  kind: 'table';
  columns: Array<{ name: string; type: 'number' | 'string' | 'boolean' | 'date' | 'null' | 'mixed' | 'object' }>;
  rowCount: number;
  offset: number;
  /** One array per row, aligned with `columns`. */
  rows: JsonValue[][];
}

export interface JsonPreview extends PreviewBase {
  kind: 'json';
  value: JsonValue;
  /** Large arrays and objects were cut; cut places hold a `"… N more"` marker. */
  truncated: boolean;
}

export interface TextPreview extends PreviewBase {
  kind: 'text';
  text: string;
  truncated: boolean;
  totalBytes: number;
}

export interface ImagePreview extends PreviewBase {
  kind: 'image';
  mime: string;
  dataUrl: string;
  bytes: number;
}

export interface SeriesPreview extends PreviewBase {
  kind: 'series';
  labels: Array<string | number>;
  series: Array<{ name: string; values: number[] }>;
  truncated: boolean;
}

export interface EmptyPreview extends PreviewBase {
  kind: 'empty' | 'unsupported';
  reason: string;
}

export type DatasetPreview = TablePreview | JsonPreview | TextPreview | ImagePreview | SeriesPreview | EmptyPreview;

/** What the host pushes to the renderer. */
export type AppEvent =
  | { channel: 'run'; runId: string; event: RunEvent }
  | { channel: 'project'; kind: 'opened' | 'reloaded' | 'changed'; summary: ProjectSummary | null };
