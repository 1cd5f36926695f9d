import { resolve } from 'node:path';
import type { JsonValue } from '../../src-shared/api-types';
import type { RunEvent, RunStatus } from '../../src-shared/run-events';
import type { RunMeta, RunRequest } from '../../src-shared/run-request';
import { applyRunEvent, newRunState, type RunState } from '../../src-shared/run-state';
import { sweepStaleTempFiles } from '../datasets/temp-sweep';
import { RunCancelledError, closeMatches } from '../engine/errors';
import { DataCatalog } from '../engine/catalog/data-catalog';
import { Pipeline } from '../engine/pipeline';
import type { Hooks } from '../engine/runner/hooks';
import type { AbstractRunner } from '../engine/runner/abstract-runner';
import { PoolRunner } from '../engine/runner/pool-runner';
import { newRunId, type ProjectRef } from '../engine/runner/run-context';
import { errorInfo } from '../engine/runner/scheduler';
import { loadProject } from '../project/load-project';
import type { Project } from '../project/types';
import {
  builtInRunner,
  createRunner,
  type HostRunnerOptions,
  type RunnerBuildOptions,
  type RunnerClass,
} from './runner-factory';
import { UsageError } from './usage-error';
import type { RunOptions } from '../../src-shared/contract';
import { RUN_OPTION_NAMES } from '../../src-shared/run-option-names';
import {
  checkManifest,
  manifestLog,
  prepareFingerprints,
  type FingerprintSource,
  type RunFingerprinting,
  type StatManifest,
  type StatSnapshot,
} from '../fingerprint';
import { storeKeeper } from '../store/output-keeper';

export type { RunMeta, RunRequest } from '../../src-shared/run-request';

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
  /** The history's fingerprints: with it, every run is fingerprinted, and `changed` can be asked for. */
  fingerprints?: FingerprintSource;
  /** The request's project if the host loaded it ahead (and it is still current), else undefined: loaded here. */
  loadedProject?: () => Promise<Project | undefined>;
}

/** How a run ended: its state folded from its events, and the values of its free outputs. */
export interface RunOutcome extends RunState {
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  endedAt: number;
  /** Names of the free outputs, and their values where the run produced them. */
  freeOutputs: string[];
  freeOutputValues: Record<string, unknown>;
}

export interface PreparedRun {
  /** Not loaded when a --changed run is known to have nothing to run from its files' stats. */
  project?: Project;
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
  const runnerOptions: RunnerBuildOptions = {
    isAsync: Boolean(request.isAsync),
    maxWorkers: request.maxWorkers,
    maxWorkerMemory: request.maxWorkerMemory,
    ...hooks.runnerOptions,
  };
  // A built-in runner is built first: its workers start, and load the project, while this host
  // loads it too (a project runner needs the project to be found).
  // A --changed run may run nothing: its workers start once the plan says they are needed.
  const prestart = request.changed ? { prestart: false } : {};
  const early = builtInRunner(
    runnerName,
    { ...runnerOptions, preload: projectRefOf(request), ...prestart },
    hooks.runners,
  );
  try {
    // Before any hashing too: a half-done partition swap is finished or undone first.
    await sweepStaleTempFiles(request.projectRoot); // temp files of writers that died mid-save
    const check =
      request.changed && hooks.fingerprints
        ? checkManifest(resolve(request.projectRoot), request, hooks.fingerprints)
        : undefined;
    const prepared =
      check?.manifest && early
        ? upToDate(request, early, check.manifest)
        : await prepare(request, hooks, runnerName, runnerOptions, early, check?.snapshot);
    return await runPrepared(request, hooks, runnerName, prepared);
  } finally {
    if (early instanceof PoolRunner) early.discardPrestart(); // a refused run leaves no workers behind
  }
}

/** The ProjectRef that loadProject will give this request's project (workers key projects by it). */
function projectRefOf(request: RunRequest): ProjectRef {
  return { root: resolve(request.projectRoot), env: request.env ?? 'local', runtimeParams: request.params };
}

/** What a run needs once its project is loaded (or known to have nothing to run). */
interface Prepared extends PreparedRun {
  runner: AbstractRunner;
  catalog: DataCatalog;
  root: string;
  env: string;
  parameters: Record<string, JsonValue>;
  projectHooks: Hooks[];
  ref: ProjectRef;
  fingerprints?: Pick<RunFingerprinting, 'log' | 'onEvent' | 'hooks' | 'finish'>;
}

async function prepare(
  request: RunRequest,
  hooks: RunHooks,
  runnerName: string,
  runnerOptions: RunnerBuildOptions,
  builtIn: AbstractRunner | undefined,
  snapshot: StatSnapshot | undefined,
): Promise<Prepared> {
  const project =
    (await hooks.loadedProject?.()) ??
    (await loadProject(request.projectRoot, { env: request.env, runtimeParams: request.params }));
  const selected = selectPipeline(project, request);
  const pipelineName = selected.name;
  const runner = builtIn ?? (await createRunner(project, runnerName, runnerOptions, hooks.runners));
  const runId = newRunId();
  const catalogOptions = { loadVersions: request.loadVersions, saveVersion: runId };
  const catalog = project.createCatalog(catalogOptions);
  checkParameters(selected.pipeline, catalog, project.env);
  if (request.changed && !hooks.fingerprints)
    throw new UsageError('Running only what changed needs the run history, and this host records none.');
  const parameters = project.parameters as Record<string, JsonValue>;
  const blocker = !builtIn
    ? `the runner ${runnerName} is the project's own`
    : project.hooks.length
      ? 'the project has hooks, which every run calls'
      : undefined;
  const fingerprints = hooks.fingerprints
    ? await prepareFingerprints(project.root, selected.pipeline, catalog, hooks.fingerprints, {
        changed: request.changed,
        keeper: storeKeeper(project.root),
        manifest: snapshot && { request, snapshot, pipelineName, env: project.env, parameters, blocker },
      })
    : undefined;
  return {
    project,
    pipelineName,
    pipeline: fingerprints?.pipeline ?? selected.pipeline,
    runId,
    runner,
    catalog,
    root: project.root,
    env: project.env,
    parameters,
    projectHooks: project.hooks,
    ref: project.ref(catalogOptions),
    fingerprints,
  };
}

/** A --changed run with no file changed since a plan found nothing to run: the project is not loaded. */
function upToDate(request: RunRequest, runner: AbstractRunner, manifest: StatManifest): Prepared {
  const runId = newRunId();
  return {
    pipelineName: manifest.pipelineName,
    pipeline: new Pipeline([]),
    runId,
    runner,
    catalog: new DataCatalog(),
    root: resolve(request.projectRoot),
    env: manifest.env,
    parameters: manifest.parameters,
    projectHooks: [],
    ref: { ...projectRefOf(request), loadVersions: request.loadVersions, saveVersion: runId },
    fingerprints: { log: manifestLog(manifest), onEvent: () => {}, hooks: [], finish: async () => [] },
  };
}

async function runPrepared(
  request: RunRequest,
  hooks: RunHooks,
  runnerName: string,
  prepared: Prepared,
): Promise<RunOutcome> {
  const { pipelineName, pipeline, runId, runner, catalog, fingerprints } = prepared;
  hooks.onPrepared?.({ project: prepared.project, pipelineName, pipeline, runId });

  const { projectRoot: _root, env: _env, commandLine, resumeOf, ...options } = request;
  const recorder = hooks.record?.({
    runId,
    projectRoot: prepared.root,
    request: { ...options, pipeline: pipelineName, runner: runnerName },
    env: prepared.env,
    parameters: prepared.parameters,
    commandLine,
    resumeOf,
  });
  const state = newRunState(
    runId,
    pipelineName,
    runnerName,
    pipeline.nodes.map((n) => n.name),
  );
  let started = false;
  let ended = false;
  let heldEnd: RunEvent | undefined;
  const deliver = (event: RunEvent) => {
    applyRunEvent(state, event);
    recorder?.onEvent(event);
    hooks.onEvent?.(event);
  };
  const onEvent = (event: RunEvent) => {
    started ||= event.type === 'run-start';
    ended ||= event.type === 'run-end';
    fingerprints?.onEvent(event);
    // The run's end waits for its fingerprints, so that the history has them when it says the run ended.
    if (event.type === 'run-end' && fingerprints) heldEnd = event;
    else deliver(event);
    if (event.type === 'run-start') for (const line of fingerprints?.log ?? []) deliver(line);
  };
  let values: Record<string, unknown> = {};
  try {
    values = await runner.run(pipeline, catalog, {
      requested: requestedOptions(request),
      runId,
      resumeOf,
      onEvent,
      signal: hooks.signal,
      hooks: [...(hooks.hooks ?? []), ...prepared.projectHooks, ...(fingerprints?.hooks ?? [])],
      pipelineName,
      project: prepared.ref,
    });
  } catch (error) {
    // Refused before any node ran (missing inputs, a dataset ParallelRunner cannot use): a bad request.
    if (!started) throw error;
    if (!ended) {
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
    if (fingerprints) for (const e of await fingerprints.finish()) deliver(e);
    if (heldEnd) deliver(heldEnd);
    recorder?.close();
  }
  return {
    ...state,
    runner: runnerName,
    status: state.status === 'running' || state.status === 'interrupted' ? 'failed' : state.status,
    endedAt: state.endedAt ?? Date.now(),
    freeOutputs: state.freeOutputs ?? [],
    freeOutputValues: values,
  };
}

/** A missing parameter is named with the nodes that read it, before any node runs. */
function checkParameters(pipeline: Pipeline, catalog: DataCatalog, env: string): void {
  const missing = [...pipeline.inputs()].filter(
    (d) => (d === 'parameters' || d.startsWith('params:')) && !catalog.has(d),
  );
  if (!missing.length) return;
  const detail = missing
    .map(
      (d) =>
        `'${d.replace(/^params:/, '')}' (read by ${pipeline
          .consumersOf(d)
          .map((n) => `'${n.name}'`)
          .join(', ')})`,
    )
    .join(', ');
  throw new UsageError(
    `Parameter(s) ${detail} not found in conf/base/parameters.yml, conf/${env}/parameters.yml or --params.`,
  );
}

const REQUESTED_OPTIONS: readonly (keyof RunRequest)[] = RUN_OPTION_NAMES;

/** The run options of a request, as the runner's `run()` takes them (it acts on those meant for it). */
function requestedOptions(request: RunRequest): RunOptions {
  return Object.fromEntries(REQUESTED_OPTIONS.filter((k) => request[k] !== undefined).map((k) => [k, request[k]]));
}
