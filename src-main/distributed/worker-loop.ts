// What `pipewright worker` does with each job: check the project fingerprint, find the group's
// nodes by name in the project it loaded from its own checkout, and run them with ThreadRunner on
// the process's warm thread pool (so a computing node never starves the queue's lock renewal, and
// a cancel can stop it), relaying the events to the coordinator.
import { hostname } from 'node:os';
import type { RunEvent } from '../../src-shared/run-events';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { RunCancelledError } from '../engine/errors';
import type { Node } from '../engine/node';
import { Pipeline } from '../engine/pipeline';
import type { WorkerPool } from '../engine/pool/worker-pool';
import { ThreadRunner } from '../engine/runner/thread-runner';
import { loadProject } from '../project/load-project';
import type { Project } from '../project/types';
import { EventRelay, isCrash } from './event-relay';
import { FinalJobError, type JobContext, type JobData, type JobResult } from './job-queue';
import { resolveScratch, scratchFile, ScratchDataset } from './scratch-dataset';

export interface WorkerLoopOptions {
  root: string;
  fingerprint: string;
  pool: WorkerPool;
  /** Told of each job's start and end (for the worker's own log and its busy/idle state). */
  onJob?: (phase: 'start' | 'end', job: JobContext, outcome?: string) => void;
}

export function workerIdentity(): string {
  return `${hostname()}:${process.pid}`;
}

/** A run's catalog stays warm for its next job on this worker; older runs' are dropped past this many. */
const WARM_RUNS = 4;

interface WarmRun {
  catalog: DataCatalog;
  nodes: Map<string, Node>;
}

export class WorkerLoop {
  readonly identity = workerIdentity();
  private readonly projects = new Map<string, Promise<Project>>();
  private readonly runs = new Map<string, WarmRun>();
  active = 0;

  constructor(private readonly options: WorkerLoopOptions) {}

  /** Loads the project as the default run sees it, so a broken checkout fails at start, not per job. */
  async warm(): Promise<void> {
    await this.project({} as JobData);
  }

  private project(data: Pick<JobData, 'env' | 'params'>): Promise<Project> {
    const key = JSON.stringify([data.env ?? null, data.params ?? null]);
    let p = this.projects.get(key);
    if (!p) {
      p = loadProject(this.options.root, { env: data.env, runtimeParams: data.params, onWarning: () => {} });
      this.projects.set(key, p);
      p.catch(() => this.projects.delete(key));
    }
    return p;
  }

  process = async (job: JobContext): Promise<JobResult> => {
    this.active++;
    this.options.onJob?.('start', job);
    let outcome = 'done';
    try {
      return { worker: this.identity, events: await this.run(job) };
    } catch (err) {
      outcome = `failed: ${(err as Error).message}`;
      throw err;
    } finally {
      this.active--;
      this.options.onJob?.('end', job, outcome);
    }
  };

  /** Runs the job's nodes; resolves to the events not yet sent. */
  private async run(job: JobContext): Promise<RunEvent[]> {
    const data = job.data;
    if (data.projectHash !== this.options.fingerprint) {
      throw new FinalJobError(
        `Worker ${this.identity} refused job ${job.id}: the project at ${this.options.root} on this machine has fingerprint ${this.options.fingerprint}, the coordinator's has ${data.projectHash}. Every worker needs the same checkout of the project (src/, conf/, pipelines/); restart a worker after updating its checkout.`,
      );
    }
    const project = await this.project(data);
    const warm = this.warmRun(project, data);
    const pipeline = new Pipeline(findNodes(warm.nodes, data, this.identity));
    const catalogOptions = { loadVersions: data.loadVersions, saveVersion: data.runId };
    const catalog = warm.catalog;
    for (const name of pipeline.datasets()) {
      if (catalog.has(name)) continue;
      const folder = resolveScratch(this.options.root, data.scratchInputs[name] ?? data.scratch);
      catalog.add(name, new ScratchDataset(scratchFile(folder, name), name, { sync: true }));
    }
    const relay = new EventRelay({
      worker: this.identity,
      attempt: job.attempt,
      attempts: job.attempts,
      retryExceptions: data.retryExceptions,
      send: (events) => job.report(events),
    });
    const runner = new ThreadRunner({ pool: this.options.pool, maxWorkers: 1, isAsync: data.isAsync });
    try {
      await runner.run(pipeline, catalog, {
        runId: data.runId,
        pipelineName: data.pipeline,
        project: project.ref(catalogOptions),
        hooks: project.hooks,
        signal: job.signal,
        onEvent: relay.onEvent,
      });
    } catch (err) {
      await relay.flush();
      if (job.signal.aborted || err instanceof RunCancelledError) throw new FinalJobError('cancelled');
      const error = err as Error;
      if (relay.willRetry(error?.name)) throw err;
      throw new FinalJobError(isCrash(error?.name) ? error.message : `${error?.name ?? 'Error'}: ${error?.message}`);
    } finally {
      // A registered MemoryDataset never leaves its group (crossing-checks.ts): nothing reads it after the job.
      for (const name of pipeline.datasets()) {
        if (name === 'parameters' || name.startsWith('params:')) continue;
        if (catalog.getDataset(name) instanceof MemoryDataset) await catalog.release(name);
      }
    }
    return relay.drain();
  }

  /**
   * The run's catalog (built once per run on this worker, then given each job's scratch datasets)
   * and its pipeline's nodes by name. The runner works on a shallow copy of it, so a job's
   * default datasets stay out of it.
   */
  private warmRun(project: Project, data: JobData): WarmRun {
    const key = JSON.stringify([
      data.runId,
      data.pipeline,
      data.env ?? null,
      data.params ?? null,
      data.loadVersions ?? null,
    ]);
    let warm = this.runs.get(key);
    if (warm) {
      this.runs.delete(key); // most recently used last
    } else {
      warm = {
        catalog: project.createCatalog({ loadVersions: data.loadVersions, saveVersion: data.runId }),
        nodes: nodesByName(project, data.pipeline),
      };
      if (this.runs.size >= WARM_RUNS) this.runs.delete(this.runs.keys().next().value!);
    }
    this.runs.set(key, warm);
    return warm;
  }
}

function nodesByName(project: Project, pipeline: string): Map<string, Node> {
  const registered = project.pipelines[pipeline];
  const all = new Map<string, Node>();
  for (const p of registered ? [registered] : Object.values(project.pipelines))
    for (const n of p.nodes) if (!all.has(n.name)) all.set(n.name, n);
  return all;
}

function findNodes(all: Map<string, Node>, data: JobData, worker: string): Node[] {
  const missing = data.nodes.filter((n) => !all.has(n));
  if (missing.length) {
    throw new FinalJobError(
      `Worker ${worker} cannot run ${missing.map((n) => `'${n}'`).join(', ')}: not in pipeline '${data.pipeline}' of its project.`,
    );
  }
  return data.nodes.map((n) => all.get(n)!);
}
