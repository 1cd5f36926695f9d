import type { LogLevel } from '../../../src-shared/run-events';
import type { AbstractDataset } from '../catalog/abstract-dataset';
import type { DataCatalog } from '../catalog/data-catalog';
import { MemoryDataset } from '../catalog/memory-dataset';
import { RunCancelledError, RunnerError } from '../errors';
import { Logger, runLogScope, withLogScope } from '../logger';
import type { Pipeline } from '../pipeline';
import { callHook, type RunParams } from './hooks';
import { filterMissingOutputs } from './missing-outputs';
import { findNodesToResumeFrom } from './resume';
import { RunContext, type RunOptions } from './run-context';
import { errorInfo, schedule, type NodeExecutor } from './scheduler';
import { runNode } from './task';

export interface RunnerOptions {
  isAsync?: boolean;
  maxWorkers?: number;
}

/** "ThreadRunner" → "thread_runner", for Kedro-style logger names. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The base of every runner. `run()` does the shared work: checks inputs, creates default datasets,
 * calls hooks, times the run, reports the resume point on failure, and resolves to the free
 * outputs. A subclass implements `_run`, usually by handing an executor to `this.schedule`.
 */
export abstract class AbstractRunner {
  readonly isAsync: boolean;
  readonly maxWorkers: number | undefined;
  protected readonly logger: Logger;

  constructor(options: RunnerOptions = {}) {
    this.isAsync = Boolean(options.isAsync);
    this.maxWorkers = options.maxWorkers;
    // By the runner's name (a getter), so a host's stand-in for a built-in runner logs as that runner.
    this.logger = new Logger(`pipewright.runner.${snake(this.name)}`);
  }

  get name(): string {
    return this.constructor.name;
  }

  /** The dataset used for every name the pipeline needs and the catalog does not hold. */
  createDefaultDataset(_name: string): AbstractDataset {
    return new MemoryDataset();
  }

  async run(pipeline: Pipeline, catalog: DataCatalog, options: RunOptions = {}): Promise<Record<string, unknown>> {
    const ctx = new RunContext(options, this.isAsync);
    // As in Kedro 0.18 (the seed's era), the run works on a shallow copy: default datasets made for
    // unregistered names stay out of the caller's catalog, so a second run returns the same free outputs.
    catalog = catalog.shallowCopy();
    const filterLog: Array<[LogLevel, string]> = [];
    if (options.onlyMissingOutputs ?? options.requested?.onlyMissingOutputs)
      pipeline = await filterMissingOutputs(pipeline, catalog, this.logFilter(filterLog));
    const unsatisfied = [...pipeline.inputs()].filter((d) => !catalog.has(d)).sort();
    if (unsatisfied.length) {
      throw new RunnerError(`Pipeline input(s) ${JSON.stringify(unsatisfied)} not found in the DataCatalog`);
    }
    const freeOutputs = [...pipeline.outputs()].filter((d) => !catalog.has(d)).sort();
    for (const name of pipeline.datasets()) {
      if (!catalog.has(name)) catalog.add(name, this.createDefaultDataset(name));
    }
    this.validate(pipeline, catalog, ctx);

    const runParams: RunParams = {
      ...options.requested,
      runId: ctx.runId,
      pipelineName: ctx.pipelineName,
      runner: this.name,
      isAsync: this.isAsync,
    };
    const started = performance.now();
    ctx.emit({
      type: 'run-start',
      runId: ctx.runId,
      at: Date.now(),
      pipeline: ctx.pipelineName,
      runner: this.name,
      isAsync: this.isAsync,
      maxWorkers: this.workerCount(pipeline),
      nodes: pipeline.nodes.map((n) => n.name),
    });
    this.logger.sink = (level, message, logger) => ctx.log(level, message, undefined, logger);
    for (const [level, message] of filterLog) this.logger.log(level, message);
    try {
      await callHook(ctx.hooks, 'beforePipelineRun', { runParams, pipeline, catalog });
      if (this.isAsync) this.logger.info('Asynchronous mode is enabled for loading and saving data');
      // A custom runner's own console lines and loggers belong to the run's log too.
      if (ctx.listening) await withLogScope(runLogScope(ctx), () => this._run(pipeline, catalog, ctx));
      else await this._run(pipeline, catalog, ctx);
      this.logger.info(
        `Pipeline execution completed successfully in ${((performance.now() - started) / 1000).toFixed(1)} sec.`,
      );
      const result: Record<string, unknown> = {};
      for (const name of freeOutputs) {
        if (await catalog.exists(name)) result[name] = await catalog.load(name);
      }
      await callHook(ctx.hooks, 'afterPipelineRun', { runParams, runResult: result, pipeline, catalog });
      ctx.emit({ type: 'run-end', at: Date.now(), status: 'success', freeOutputs });
      return result;
    } catch (error) {
      const cancelled = error instanceof RunCancelledError;
      const resumeFrom = this.suggestResume(pipeline, catalog, ctx);
      try {
        await callHook(ctx.hooks, 'onPipelineError', { error, runParams, pipeline, catalog });
      } finally {
        ctx.emit({
          type: 'run-end',
          at: Date.now(),
          status: cancelled ? 'cancelled' : 'failed',
          error: errorInfo(error),
          resumeFrom,
          freeOutputs,
        });
      }
      throw error;
    } finally {
      this.logger.sink = undefined;
    }
  }

  /** The filter's lines are kept until run-start, so that they belong to the run they shaped. */
  private logFilter(lines: Array<[LogLevel, string]>): Logger {
    const logger = new Logger(this.logger.name);
    logger.sink = (level, message) => lines.push([level, message]);
    return logger;
  }

  /** Implements the run. Most runners call `this.schedule(pipeline, catalog, ctx, executor)`. */
  protected abstract _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void>;

  /** Checks made before any node runs; ParallelRunner refuses single-process datasets here. */
  protected validate(_pipeline: Pipeline, _catalog: DataCatalog, _ctx: RunContext): void {}

  /** The number of workers the run uses, as reported in events: 1 unless a runner says more. */
  protected workerCount(_pipeline: Pipeline): number {
    return 1;
  }

  /** Kedro's hint, logged by the runners whose I/O `isAsync` can overlap (not ThreadRunner's). */
  protected logSyncModeHint(): void {
    if (!this.isAsync) {
      this.logger.info(
        'Using synchronous mode for loading and saving data. Use the --async flag for potential performance gains.',
      );
    }
  }

  /** The shared scheduler, for runners that bring their own executor. */
  protected schedule(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext, executor: NodeExecutor): Promise<void> {
    return schedule(pipeline, catalog, ctx, executor);
  }

  /** An executor that runs one node at a time in this process. */
  protected inProcessExecutor(capacity = 1): NodeExecutor {
    return {
      capacity,
      execute: async (node, catalog, ctx) => {
        ctx.emit({ type: 'node-start', at: Date.now(), node: node.name, worker: 'main' });
        const { timings } = await runNode(node, catalog, ctx);
        return { worker: 'main', timings };
      },
    };
  }

  private suggestResume(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): string[] {
    const unfinished = pipeline.nodes.filter((n) => !ctx.completed.has(n.name));
    if (ctx.completed.size === 0) {
      this.logger.warning('No nodes ran. Repeat the previous command to attempt a new run.');
      return [];
    }
    let resume: string[];
    try {
      resume = findNodesToResumeFrom(pipeline, unfinished, catalog);
    } catch {
      return [];
    }
    if (resume.length) {
      this.logger.warning(
        `There are ${unfinished.length} nodes that have not run.\nYou can resume the pipeline run from the nearest nodes with persisted inputs by adding the following argument to your previous command:\n  --from-nodes "${resume.join(',')}"`,
      );
    }
    return resume;
  }
}
