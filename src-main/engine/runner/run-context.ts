import { randomBytes } from 'node:crypto';
import type { RunOptions as RequestedOptions } from '../../../src-shared/contract';
import type { LogLevel, RunEvent } from '../../../src-shared/run-events';
import type { Hooks } from './hooks';

/**
 * Where worker threads and processes find the project: they load it themselves, so node
 * functions and file datasets never have to cross a process boundary.
 */
export interface ProjectRef {
  root: string;
  env?: string;
  /** Runtime parameter overrides (`--params`), already parsed. */
  runtimeParams?: Record<string, unknown>;
  loadVersions?: Record<string, string>;
  /** The version every versioned dataset of this run saves under. */
  saveVersion?: string;
}

export interface RunOptions {
  /** Kedro's `only_missing_outputs`: skip nodes whose persisted outputs all exist. */
  onlyMissingOutputs?: boolean;
  /**
   * What the user asked for (the CLI's flags, the app's run panel), as Kedro's `run_params`: hooks
   * see it, and the runner acts on the options meant for it (`onlyMissingOutputs`).
   */
  requested?: RequestedOptions;
  runId?: string;
  /** The run this one resumes (`--resume`): DistributedRunner reconciles with its jobs. */
  resumeOf?: string;
  hooks?: Hooks[];
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** The registry name of the pipeline, for events and workers. */
  pipelineName?: string;
  project?: ProjectRef;
}

/** What one run carries through the runner, the scheduler and the executors. */
export class RunContext {
  readonly runId: string;
  readonly hooks: readonly Hooks[];
  readonly signal: AbortSignal | undefined;
  readonly pipelineName: string;
  readonly project: ProjectRef | undefined;
  readonly isAsync: boolean;
  /** Nodes that finished successfully, by name. */
  readonly completed = new Set<string>();
  private readonly listener: ((event: RunEvent) => void) | undefined;

  constructor(options: RunOptions, isAsync: boolean) {
    this.runId = options.runId ?? newRunId();
    this.hooks = options.hooks ?? [];
    this.signal = options.signal;
    this.pipelineName = options.pipelineName ?? '__default__';
    this.project = options.project;
    this.listener = options.onEvent;
    this.isAsync = isAsync;
  }

  get listening(): boolean {
    return this.listener !== undefined;
  }

  emit(event: RunEvent): void {
    this.listener?.(event);
  }

  log(level: LogLevel, message: string, node?: string, logger?: string): void {
    if (this.listener) this.listener({ type: 'log', at: Date.now(), level, message, node, logger });
  }
}

/**
 * Kedro's version format (a sortable UTC timestamp) plus a short random tag: unique within the
 * process by the timestamp, and across processes starting in the same millisecond by the tag.
 * The run id is also the run's save version, so versions stay sortable by time.
 */
export function newRunId(): string {
  return `${timestampVersion()}-${randomBytes(2).toString('hex')}`;
}

let lastVersion = '';
export function timestampVersion(date = new Date()): string {
  let v = date.toISOString().replace(/:/g, '.');
  if (v <= lastVersion) {
    const bumped = new Date(Date.parse(lastVersion.replace(/(\d\d)\.(\d\d)\.(\d\d\.\d+Z)$/, '$1:$2:$3')) + 1);
    v = bumped.toISOString().replace(/:/g, '.');
  }
  lastVersion = v;
  return v;
}
