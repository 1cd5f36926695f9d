import { resolve } from 'node:path';
import type { NodeState } from '../../src-shared/api-types';
import type { ErrorInfo, RunEvent, RunStatus } from '../../src-shared/run-events';
import type { RunMeta } from '../history/run-meta';
import type { RunRequest } from '../../src-shared/run-request';
import { RunCancelledError, closeMatches } from '../engine/errors';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import type { Hooks } from '../engine/runner/hooks';
import type { AbstractRunner } from '../engine/runner/abstract-runner';
import { PoolRunner } from '../engine/runner/pool-runner';
import { newRunId, type ProjectRef } from '../engine/runner/run-context';
import { errorInfo } from '../engine/runner/scheduler';
import { loadProject } from '../project/load-project';
import type { Project } from '../project/types';
import { builtInRunner, createRunner, type HostRunnerOptions, type RunnerBuildOptions, type RunnerClass } from './runner-factory';
import { UsageError } from './usage-error';

export type { RunRequest } from '../../src-shared/run-request';

/** What the history needs beyond the events: the history's own type. */
export type { RunMeta } from '../history/run-meta';

export interface RunRecorderLike {
  onEvent(event: RunEvent): void;
  close(): void;
}

export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
  /** Engine hooks for this run (the app keeps memory datasets for inspection with one). */
  hooks?: Hooks[];
  signal?: AbortSignal;
  /** Runner options from the host: the warm worker pool to run on. */
  runnerOptions?: HostRunnerOptions;
  /** Host-specific classes for built-in runner names (the app runs SequentialRunner off its main thread). */
  runners?: Record<string, RunnerClass>;
  /** Opens the history recorder for this run (the CLI and the app record every run). */
  record?: (meta: RunMeta) => RunRecorderLike;
  /** Called once the project is loaded and the pipeline chosen, before any node runs. */
  onPrepared?: (prepared: PreparedRun) => void;
}

/** A node's state in a run's outcome: the same shape the app shows. */
export type NodeOutcome = NodeState;

export interface RunOutcome {
  runId: string;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  pipeline: string;
  runner: string;
  isAsync: boolean;
  maxWorkers: number;
  startedAt: number;
  endedAt: number;
  nodes: NodeOutcome[];
  /** Names of the free outputs, and their values where the run produced them. */
  freeOutputs: string[];
  freeOutputValues: Record<string, unknown>;
  error?: ErrorInfo;
  /** Nodes to pass to `--from-nodes` to resume; empty when no node ran. */
  resumeFrom?: string[];
}

export interface PreparedRun {
  project: Project;
  pipelineName: string;
  pipeline: Pipeline;
  runId: string;
}

const splitFilters = (r: RunRequest) => ({
  nodeNames: r.nodes,
  fromNodes: r.fromNodes,
  toNodes: r.toNodes,
  fromInputs: r.fromInputs,
  toOutputs: r.toOutputs,
  tags: r.tags,
  nodeNamespace: r.namespace,
});

/** Picks the registered pipeline and applies the filters; errors say what exists instead. */
export function selectPipeline(project: Project, request: RunRequest): { name: string; pipeline: Pipeline } {
  const name = request.pipeline ?? '__default__';
  const registered = project.pipelines[name];
  if (!registered) {
    const names = Object.keys(project.pipelines);
    const hint = closeMatches(name, names);
    throw new UsageError(
      `Failed to find the pipeline named '${name}'. Registered pipelines: ${names.join(', ') || '(none)'}.${
        hint.length ? ` Did you mean '${hint[0]}'?` : ''
      }`,
    );
  }
  const unknownTags = (request.tags ?? []).filter((t) => !registered.tags.has(t));
  if (unknownTags.length) {
    throw new UsageError(
      `Pipeline '${name}' has no node tagged ${unknownTags.map((t) => `'${t}'`).join(', ')}. Its tags: ${
        [...registered.tags].sort().join(', ') || '(none)'
      }.`,
    );
  }
  const filters = splitFilters(request);
  const any = Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));
  return { name, pipeline: any ? registered.filter(filters) : registered };
}

/**
 * Loads the project, chooses and filters the pipeline, builds the runner and the catalog, records
 * the run, and runs it. Bad requests throw before any node runs; a failed or cancelled run
 * resolves with its status, so callers report it rather than crash.
 */
export async function startRun(request: RunRequest, hooks: RunHooks = {}): Promise<RunOutcome> {
  const runnerName = request.runner ?? 'SequentialRunner';
  const runnerOptions: RunnerBuildOptions = { isAsync: Boolean(request.isAsync), maxWorkers: request.maxWorkers, ...hooks.runnerOptions };
  // A built-in runner is built first: its workers start, and load the project, while this host
  // loads it too (a project runner needs the project to be found).
  const early = builtInRunner(runnerName, { ...runnerOptions, preload: projectRefOf(request) }, hooks.runners);
  try {
    return await prepareAndRun(request, hooks, runnerName, runnerOptions, early);
  } finally {
    if (early instanceof PoolRunner) early.discardPrestart(); // a refused run leaves no workers behind
  }
}

/** The ProjectRef that loadProject will give this request's project (workers key projects by it). */
function projectRefOf(request: RunRequest): ProjectRef {
  return { root: resolve(request.projectRoot), env: request.env ?? 'local', runtimeParams: request.params };
}

async function prepareAndRun(
  request: RunRequest,
  hooks: RunHooks,
  runnerName: string,
  runnerOptions: RunnerBuildOptions,
  builtIn: AbstractRunner | undefined,
): Promise<RunOutcome> {
  const project = await loadProject(request.projectRoot, { env: request.env, runtimeParams: request.params });
  const { name: pipelineName, pipeline } = selectPipeline(project, request);
  const runner = builtIn ?? (await createRunner(project, runnerName, runnerOptions, hooks.runners));
  const runId = newRunId();
  const catalogOptions = { loadVersions: request.loadVersions, saveVersion: runId };
  const catalog = project.createCatalog(catalogOptions);
  checkParameters(pipeline, catalog, project.env);
  hooks.onPrepared?.({ project, pipelineName, pipeline, runId });

  const recorder = hooks.record?.({
    runId,
    projectRoot: project.root,
    pipeline: pipelineName,
    runner: runnerName,
    isAsync: runner.isAsync,
    maxWorkers: request.maxWorkers,
    filters: Object.fromEntries(Object.entries(splitFilters(request)).filter(([, v]) => v !== undefined)),
    params: request.params ?? {},
    env: project.env,
    commandLine: request.commandLine,
    resumeOf: request.resumeOf,
  });
  const collector = new OutcomeCollector(runId, pipelineName, runnerName, runner.isAsync);
  const onEvent = (event: RunEvent) => {
    collector.onEvent(event);
    recorder?.onEvent(event);
    hooks.onEvent?.(event);
  };
  let values: Record<string, unknown> = {};
  try {
    values = await runner.run(pipeline, catalog, {
      runId,
      onEvent,
      signal: hooks.signal,
      hooks: hooks.hooks,
      pipelineName,
      project: project.ref(catalogOptions),
    });
  } catch (error) {
    // Refused before any node ran (missing inputs, a dataset ParallelRunner cannot use): a bad request.
    if (!collector.started) throw error;
    if (!collector.ended) {
      onEvent({
        type: 'run-end',
        at: Date.now(),
        status: error instanceof RunCancelledError ? 'cancelled' : 'failed',
        error: errorInfo(error),
        freeOutputs: [],
        resumeFrom: [],
      });
    }
  } finally {
    recorder?.close();
  }
  return collector.outcome(values);
}

/** A missing parameter is named with the nodes that read it, before any node runs. */
function checkParameters(pipeline: Pipeline, catalog: DataCatalog, env: string): void {
  const missing = [...pipeline.inputs()].filter((d) => (d === 'parameters' || d.startsWith('params:')) && !catalog.has(d));
  if (!missing.length) return;
  const detail = missing
    .map((d) => `'${d.replace(/^params:/, '')}' (read by ${pipeline.consumersOf(d).map((n) => `'${n.name}'`).join(', ')})`)
    .join(', ');
  throw new UsageError(
    `Parameter(s) ${detail} not found in conf/base/parameters.yml, conf/${env}/parameters.yml or --params.`,
  );
}

/** Folds a run's events into its outcome: each node's status, worker and timings. */
class OutcomeCollector {
  private readonly nodes = new Map<string, NodeOutcome>();
  private start: Extract<RunEvent, { type: 'run-start' }> | undefined;
  private end: Extract<RunEvent, { type: 'run-end' }> | undefined;

  constructor(
    private readonly runId: string,
    private readonly pipeline: string,
    private readonly runner: string,
    private readonly isAsync: boolean,
  ) {}

  get started(): boolean {
    return this.start !== undefined;
  }

  get ended(): boolean {
    return this.end !== undefined;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.start = event;
        for (const name of event.nodes) this.nodes.set(name, { name, status: 'waiting' });
        break;
      case 'node-start':
        Object.assign(this.node(event.node), { status: 'running', worker: event.worker, startedAt: event.at });
        break;
      case 'node-end':
        Object.assign(this.node(event.node), {
          status: event.status,
          worker: event.worker,
          endedAt: event.at,
          ...event.timings,
          error: event.error,
        });
        break;
      case 'node-skip':
        this.node(event.node).status = 'skipped';
        break;
      case 'run-end':
        this.end = event;
        break;
    }
  }

  outcome(values: Record<string, unknown>): RunOutcome {
    const end = this.end;
    return {
      runId: this.runId,
      status: end?.status ?? 'failed',
      pipeline: this.pipeline,
      runner: this.runner,
      isAsync: this.isAsync,
      maxWorkers: this.start?.maxWorkers ?? 1,
      startedAt: this.start?.at ?? end?.at ?? Date.now(),
      endedAt: end?.at ?? Date.now(),
      nodes: [...this.nodes.values()],
      freeOutputs: end?.freeOutputs ?? [],
      freeOutputValues: values,
      error: end?.error,
      resumeFrom: end?.resumeFrom,
    };
  }

  private node(name: string): NodeOutcome {
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = { name, status: 'waiting' }));
    return n;
  }
}
