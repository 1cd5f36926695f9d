import { availableParallelism } from 'node:os';
import type { DataCatalog } from '../catalog/data-catalog';
import { RunnerError } from '../errors';
import type { Pipeline } from '../pipeline';
import { workerLauncher } from '../pool/launcher';
import type { WorkerKind, WorkerLauncher } from '../pool/types';
import { WorkerPool } from '../pool/worker-pool';
import { AbstractRunner, type RunnerOptions } from './abstract-runner';
import { RemoteExecutor } from './remote-executor';
import type { ProjectRef, RunContext } from './run-context';

export interface PoolRunnerOptions extends RunnerOptions {
  /** A warm pool to run on (the app keeps one between runs); otherwise one is started per run. */
  pool?: WorkerPool;
  /** How a pool started by the runner gets its workers; otherwise the one registered with setWorkerLauncher. */
  launcher?: WorkerLauncher;
  /** Start the workers at once rather than in `run()` (see `prestart()`); the CLI's runners do. */
  prestart?: boolean;
  /** With `prestart`: the project the workers load as soon as they start. */
  preload?: ProjectRef;
  /** Each worker's JavaScript heap limit in MB for a pool started by the runner (the launcher's default otherwise). */
  maxWorkerMemory?: number;
}

/** Kedro's rule: never more workers than the pipeline can use (nodes − layers + 1). */
export function usableWorkers(pipeline: Pipeline, maxWorkers: number): number {
  const useful = pipeline.nodes.length - pipeline.groupedNodes.length + 1;
  return Math.max(1, Math.min(maxWorkers, useful));
}

export function checkMaxWorkers(maxWorkers: number | undefined): void {
  if (maxWorkers === undefined || maxWorkers === null) return;
  if (typeof maxWorkers !== 'number' || Number.isNaN(maxWorkers) || maxWorkers <= 0) {
    throw new RunnerError(`maxWorkers must be a positive number of workers, not ${maxWorkers}.`);
  }
}

/**
 * The shared base of the runners that run nodes on a worker pool. A custom runner extends it with
 * its `kind` of worker (or is given a pool or a launcher), and may call `runOnPool` from its own `_run`.
 */
export abstract class PoolRunner extends AbstractRunner {
  protected readonly pool: WorkerPool | undefined;
  private readonly launcher: WorkerLauncher | undefined;
  private readonly maxWorkerMemory: number | undefined;
  /** Workers started by `prestart()` for the next run. */
  private early: { pool: Promise<WorkerPool>; timer: NodeJS.Timeout } | undefined;

  constructor(options: PoolRunnerOptions = {}) {
    checkMaxWorkers(options.maxWorkers);
    super(options);
    this.pool = options.pool;
    this.launcher = options.launcher;
    this.maxWorkerMemory = options.maxWorkerMemory;
    if (options.prestart) this.prestart(options.preload);
  }

  /**
   * Starts the workers of the next run now, so that their start-up (bench/README.md, "Where a cold
   * worker's time goes") overlaps what the host does before `run()`: the CLI loads the project,
   * builds the catalog and opens the run history meanwhile, and the workers load `project`
   * meanwhile too. As many workers as `maxWorkers` (or the cores) allow; `run()` stops those its
   * pipeline cannot use. They do not keep the host alive, and stop if no run takes them within a
   * minute (or at `discardPrestart()`). Nothing to do for a runner given a warm pool.
   */
  prestart(project?: ProjectRef): void {
    if (this.pool || this.early) return;
    const size = this.poolSize(this.maxWorkers ?? availableParallelism());
    const pool = this.startPool(size, project, true);
    pool.catch(() => undefined);
    const timer = setTimeout(() => {
      if (this.early?.pool !== pool) return;
      this.early = undefined;
      void pool.then(
        (p) => p.close(),
        () => undefined,
      );
    }, 60_000).unref();
    this.early = { pool, timer };
  }

  /** Stops the workers `prestart()` started if no run has taken them (the run was refused). */
  discardPrestart(): void {
    const early = this.early;
    this.early = undefined;
    if (!early) return;
    clearTimeout(early.timer);
    void early.pool.then(
      (p) => p.close(),
      () => undefined,
    );
  }

  /** The pool for a run: the runner's own, the one `prestart()` started, or a new one. */
  private async runPool(size: number): Promise<WorkerPool> {
    if (this.pool) return this.pool;
    const early = this.early;
    this.early = undefined;
    if (early) {
      clearTimeout(early.timer);
      const pool = await early.pool.catch(() => undefined);
      if (pool && !pool.isClosed && pool.size >= size) {
        pool.trim(size);
        pool.ref();
        return pool;
      }
      void pool?.close();
    }
    return this.startPool(size);
  }

  private async startPool(size: number, project?: ProjectRef, unref = false): Promise<WorkerPool> {
    const launcher = this.launcher ?? workerLauncher(this.name);
    const pool = new WorkerPool({
      size,
      spawn: await launcher.spawner(this.kind, project, { maxMemoryMb: this.maxWorkerMemory }),
      unref,
    });
    if (project) pool.preload(project);
    return pool;
  }

  /**
   * Which workers a pool started by this runner runs nodes on. A getter, not a field: the
   * constructor may already start them (`prestart`), before a subclass's fields exist.
   */
  protected abstract get kind(): WorkerKind;

  /** "a worker thread", "a worker process": used in error messages. */
  protected get target(): string {
    return this.kind === 'thread' ? 'a worker thread' : 'a worker process';
  }

  /** How many nodes may run at once (Kedro's max_workers rule). */
  protected workerCount(pipeline: Pipeline): number {
    return usableWorkers(pipeline, this.maxWorkers ?? availableParallelism());
  }

  /**
   * Threads or processes to start for `nodes` concurrent nodes: never more than the cores, since
   * a worker runs several async nodes at once and more workers only add start-up time.
   */
  protected poolSize(nodes: number): number {
    return Math.max(1, Math.min(nodes, availableParallelism()));
  }

  protected validate(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): void {
    if (!ctx.project) {
      throw new RunnerError(
        `${this.name} runs nodes in workers, which load them from the project by name: run a pipeline from a project (RunOptions.project, a ProjectRef), or use SequentialRunner for a pipeline built in code.`,
      );
    }
    void pipeline;
    void catalog;
  }

  protected _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    return this.runOnPool(pipeline, catalog, ctx);
  }

  /** Schedules the pipeline on the runner's pool (or a pool started for this run). */
  protected async runOnPool(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    // Nothing to run (a --changed run with everything up to date): no worker is started.
    if (!pipeline.nodes.length) return this.discardPrestart();
    const capacity = this.workerCount(pipeline);
    const pool = await this.runPool(this.poolSize(capacity));
    const executor = new RemoteExecutor(
      { pool, capacity, pipeline, project: ctx.project!, target: this.target },
      ctx.hooks,
    );
    pool.preload(ctx.project!);
    try {
      await this.schedule(pipeline, catalog, ctx, executor);
    } finally {
      try {
        await executor.finish(catalog);
      } finally {
        if (!this.pool) await pool.close();
      }
    }
  }
}
