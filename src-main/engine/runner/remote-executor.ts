import type { DataCatalog } from '../catalog/data-catalog';
import { CATALOG_ENTRY, isSingleProcess, type AbstractDataset } from '../catalog/abstract-dataset';
import { MemoryDataset } from '../catalog/memory-dataset';
import { RunCancelledError } from '../errors';
import type { Node } from '../node';
import type { Pipeline } from '../pipeline';
import type { WorkerPool } from '../pool/worker-pool';
import { CrossingError, decodeOne, encodeValues, findUnclonable, removeFile } from '../pool/codec';
import { fromCrossError, type TaskSpec } from '../pool/protocol';
import { Handoff, movableBuffers } from '../pool/handoff';
import { callHook, hasHook } from './hooks';
import type { ProjectRef, RunContext } from './run-context';
import { NodeExecutionError, type NodeExecutor, type NodeRun } from './scheduler';
import { applyBeforeNodeRun, eachMaybeConcurrently, loadInput, saveOutput } from './task';

export interface RemoteExecutorOptions {
  pool: WorkerPool;
  capacity: number;
  pipeline: Pipeline;
  project: ProjectRef;
  /** "a worker thread" / "a worker process", for error messages. */
  target: string;
}

/**
 * Where a dataset loads and saves: a dataset built from catalog.yml (not a MemoryDataset) loads
 * and saves in the worker, from the worker's own catalog, as in Kedro. Everything else (memory
 * datasets, parameters, datasets added in code, datasets that must stay in one process) lives
 * in the engine, and its values travel with the task.
 */
export function loadsInWorker(ds: AbstractDataset): boolean {
  return ds[CATALOG_ENTRY] !== undefined && !(ds instanceof MemoryDataset) && !isSingleProcess(ds);
}

/**
 * Runs nodes on a worker pool. Node hooks run here, in the engine, around the remote call:
 * `beforeNodeRun` sees (and may replace) the inputs loaded here, `afterNodeRun` the outputs that
 * come back here; datasets that load and save in the worker reach hooks only as events.
 */
export class RemoteExecutor implements NodeExecutor {
  readonly capacity: number;
  private readonly pool: WorkerPool;
  private readonly handoff: Handoff;
  private readonly project: ProjectRef;
  private readonly target: string;

  constructor(options: RemoteExecutorOptions, hooks: RunContext['hooks']) {
    this.pool = options.pool;
    this.capacity = options.capacity;
    this.project = options.project;
    this.target = options.target;
    const dataHooks =
      hasHook(hooks, 'afterNodeRun') ||
      hasHook(hooks, 'beforeDatasetSaved') ||
      hasHook(hooks, 'afterDatasetSaved') ||
      hasHook(hooks, 'beforeDatasetLoaded') ||
      hasHook(hooks, 'afterDatasetLoaded') ||
      hasHook(hooks, 'beforeNodeRun');
    this.handoff = new Handoff(options.pipeline, !dataHooks);
  }

  abort(): void {
    this.pool.cancel(this);
  }

  /** Saves intermediates still held for other workers (after a failure or cancel). */
  finish(catalog: DataCatalog): Promise<void> {
    return this.handoff.finish(catalog);
  }

  async execute(node: Node, catalog: DataCatalog, ctx: RunContext): Promise<NodeRun> {
    let worker = 'pending';
    let mainLoadMs = 0;
    const mainInputs: Record<string, unknown> = {};
    const inputNames = [...new Set(node.inputs)];
    const inWorker = (name: string) => loadsInWorker(catalog.getDataset(name));
    // Shared files of the inputs sent: the worker deletes them once read, unless it died first.
    const inputFiles: string[] = [];
    try {
      const reply = await this.pool.run({
        owner: this,
        prefer: this.handoff.producer(inputNames),
        onEvent: (e) => ctx.emit(e),
        prepare: async (workerId) => {
          worker = workerId;
          if (ctx.signal?.aborted) throw new RunCancelledError();
          ctx.emit({ type: 'node-start', at: Date.now(), node: node.name, worker });
          const t = performance.now();
          const task = await this.prepare(node, inputNames, catalog, ctx, mainInputs, inWorker, inputFiles);
          mainLoadMs = performance.now() - t;
          if (ctx.signal?.aborted) throw new RunCancelledError(); // cancelled while its inputs loaded
          return task;
        },
      });
      if (!reply.ok) throw fromCrossError(reply.error);
      const t = performance.now();
      const outputs = reply.value.outputs;
      const kept = new Set<string>();
      for (const [name, value] of Object.entries(outputs))
        if (this.handoff.offer(name, value, catalog, reply.worker)) kept.add(name);
      const decoded: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(outputs)) if (!kept.has(name)) decoded[name] = decodeOne(value);
      if (ctx.hooks.length) {
        await callHook(ctx.hooks, 'afterNodeRun', {
          node,
          catalog,
          inputs: mainInputs,
          outputs: decoded,
          isAsync: ctx.isAsync,
          runId: ctx.runId,
        });
      }
      await eachMaybeConcurrently(ctx.isAsync, Object.keys(decoded), (n) =>
        saveOutput(n, decoded[n], node, catalog, ctx),
      );
      for (const name of inputNames) if (this.handoff.has(name)) this.handoff.consumed(name);
      const w = reply.value.timings;
      return {
        worker,
        timings: { loadMs: mainLoadMs + w.loadMs, computeMs: w.computeMs, saveMs: w.saveMs + performance.now() - t },
      };
    } catch (caught) {
      let error = caught;
      if ((caught as Error)?.name === 'DataCloneError') {
        const name = findUnclonable(mainInputs);
        if (name)
          error = new CrossingError(name, `a value that cannot be cloned (${(caught as Error).message})`, this.target);
      }
      if (ctx.hooks.length && !(error instanceof RunCancelledError)) {
        await callHook(ctx.hooks, 'onNodeError', {
          error,
          node,
          catalog,
          inputs: mainInputs,
          isAsync: ctx.isAsync,
          runId: ctx.runId,
        });
      }
      throw new NodeExecutionError(error, worker === 'pending' ? 'main' : worker, {
        loadMs: mainLoadMs,
        computeMs: 0,
        saveMs: 0,
      });
    } finally {
      for (const f of inputFiles) removeFile(f);
    }
  }

  private async prepare(
    node: Node,
    inputNames: string[],
    catalog: DataCatalog,
    ctx: RunContext,
    mainInputs: Record<string, unknown>,
    inWorker: (name: string) => boolean,
    files: string[],
  ): Promise<{ task: TaskSpec; transfer: ArrayBuffer[] }> {
    const here = inputNames.filter((n) => !inWorker(n));
    const handed: Record<string, unknown> = {};
    const transfer: ArrayBuffer[] = [];
    const load = async (name: string) => {
      if (this.handoff.has(name)) {
        const { value, owned } = this.handoff.take(name);
        handed[name] = value;
        if (owned && this.pool.canTransfer) transfer.push(...movableBuffers(value));
      } else mainInputs[name] = await loadInput(name, node, catalog, ctx);
    };
    await eachMaybeConcurrently(ctx.isAsync, here, load);
    await applyBeforeNodeRun(node, catalog, ctx, mainInputs);
    // Values fresh from a MemoryDataset are copies nobody else holds: their buffers may move.
    const owned: Record<string, unknown> = {};
    const shared: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(mainInputs)) {
      const ds = catalog.getDataset(name);
      const fresh = ds instanceof MemoryDataset && (ds.copyMode === undefined || ds.copyMode === 'deepcopy');
      (fresh ? owned : shared)[name] = value;
    }
    const canTransfer = this.pool.canTransfer;
    const a = this.encode(owned, { canTransfer, owned: true, target: this.target });
    const b = this.encode(shared, { canTransfer, owned: false, target: this.target });
    files.push(...a.files, ...b.files);
    const task: TaskSpec = {
      ref: this.project,
      runId: ctx.runId,
      pipeline: ctx.pipelineName,
      node: node.name,
      isAsync: ctx.isAsync,
      listening: ctx.listening,
      inputs: { ...a.values, ...b.values, ...handed },
      saveHere: node.outputs.filter(inWorker),
    };
    return { task, transfer: [...new Set([...transfer, ...a.transfer, ...b.transfer])] };
  }

  private encode(values: Record<string, unknown>, options: Parameters<typeof encodeValues>[1]) {
    try {
      return encodeValues(values, options);
    } catch (err) {
      if (err instanceof CrossingError) throw err;
      const name = findUnclonable(values);
      throw name ? new CrossingError(name, 'a value that cannot be cloned', this.target) : err;
    }
  }
}
