import type { NodeTimings } from '../../../src-shared/run-events';
import type { AbstractDataset } from '../catalog/abstract-dataset';
import type { DataCatalog } from '../catalog/data-catalog';
import { NodeError } from '../errors';
import type { Node } from '../node';
import { runLogScope, withLogScope } from '../logger';
import { callHook, hasHook } from './hooks';
import type { RunContext } from './run-context';
import { tableShape } from './table-shape';

const LOGGER = 'pipewright.io.data_catalog';

/** Where a node's values come from and go to when not all of them live in this catalog (a worker's task). */
export interface NodeIo {
  /** Input values at hand (handed in by the engine); the other inputs load from the catalog. */
  given?: Record<string, unknown>;
  /** The outputs saved to the catalog here; the others are returned. Without it, all are saved. */
  saveHere?: ReadonlySet<string>;
}

export interface NodeResult {
  timings: NodeTimings;
  /** The outputs not saved here (see `NodeIo.saveHere`). */
  returned: Record<string, unknown>;
}

/**
 * Runs one node: load its inputs, call its function, save its outputs, with the hooks, log lines
 * and events of each step. The engine runs it in process; a worker runs it on its own catalog, with
 * the engine's values `given` and the outputs the engine saves returned. With `isAsync`, inputs
 * load concurrently and outputs save concurrently.
 */
export async function runNode(node: Node, catalog: DataCatalog, ctx: RunContext, io: NodeIo = {}): Promise<NodeResult> {
  const hooks = ctx.hooks;
  const inputs: Record<string, unknown> = { ...io.given };
  let t = performance.now();
  const toLoad = io.given ? uniqueInputs(node).filter((name) => !(name in inputs)) : uniqueInputs(node);
  await eachMaybeConcurrently(ctx.isAsync, toLoad, async (name) => {
    inputs[name] = await loadInput(name, node, catalog, ctx);
  });
  const loadMs = performance.now() - t;

  await applyBeforeNodeRun(node, catalog, ctx, inputs);
  if (ctx.listening) ctx.log('info', `Running node: ${node}`, node.name, 'pipewright.pipeline.node');
  t = performance.now();
  let outputs: Record<string, unknown>;
  try {
    let result = ctx.listening ? withLogScope(runLogScope(ctx, node.name), () => node.call(inputs)) : node.call(inputs);
    if (result instanceof Promise) result = await result;
    outputs = node.outputsFrom(result);
  } catch (error) {
    if (hooks.length)
      await callHook(hooks, 'onNodeError', { error, node, catalog, inputs, isAsync: ctx.isAsync, runId: ctx.runId });
    throw error;
  }
  const computeMs = performance.now() - t;
  if (hooks.length)
    await callHook(hooks, 'afterNodeRun', { node, catalog, inputs, outputs, isAsync: ctx.isAsync, runId: ctx.runId });

  t = performance.now();
  const returned: Record<string, unknown> = {};
  const toSave: string[] = [];
  for (const name of Object.keys(outputs)) {
    if (!io.saveHere || io.saveHere.has(name)) toSave.push(name);
    else returned[name] = outputs[name];
  }
  await eachMaybeConcurrently(ctx.isAsync, toSave, (name) => saveOutput(name, outputs[name], node, catalog, ctx));
  return { timings: { loadMs, computeMs, saveMs: performance.now() - t }, returned };
}

/** `fn` over `items`: all at once under `isAsync` (Kedro's async I/O), else one after another. */
export async function eachMaybeConcurrently<T>(
  isAsync: boolean,
  items: readonly T[],
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  if (isAsync && items.length > 1) await Promise.all(items.map(fn));
  else for (const item of items) await fn(item);
}

/** Calls `beforeNodeRun` and applies the replacement inputs its implementations return. */
export async function applyBeforeNodeRun(
  node: Node,
  catalog: DataCatalog,
  ctx: RunContext,
  inputs: Record<string, unknown>,
): Promise<void> {
  if (!ctx.hooks.length || !hasHook(ctx.hooks, 'beforeNodeRun')) return;
  const updates = await callHook(ctx.hooks, 'beforeNodeRun', {
    node,
    catalog,
    inputs: { ...inputs },
    isAsync: ctx.isAsync,
    runId: ctx.runId,
  });
  for (const u of updates) {
    if (u === undefined || u === null) continue;
    if (typeof u !== 'object' || Array.isArray(u)) {
      throw new NodeError(
        `'beforeNodeRun' must return either nothing or a record mapping dataset names to updated values, got '${typeof u}' instead.`,
      );
    }
    Object.assign(inputs, u);
  }
}

function uniqueInputs(node: Node): readonly string[] {
  const ins = node.inputs;
  return ins.length < 2 ? ins : [...new Set(ins)];
}

/** Loads one input, with its hooks, log line and event. */
export async function loadInput(name: string, node: Node, catalog: DataCatalog, ctx: RunContext): Promise<unknown> {
  const hooks = ctx.hooks;
  if (hooks.length) await callHook(hooks, 'beforeDatasetLoaded', { datasetName: name, node });
  const ds = catalog.getDataset(name);
  if (ctx.listening) ctx.log('info', `Loading data from ${name} (${ds.typeName})...`, node.name, LOGGER);
  const start = performance.now();
  const data = await catalog.load(name);
  if (ctx.listening) emitIo(ctx, 'load', name, ds, node, start, data);
  if (hooks.length) await callHook(hooks, 'afterDatasetLoaded', { datasetName: name, data, node });
  return data;
}

/** Saves one output, with its hooks, log line and event. */
export async function saveOutput(
  name: string,
  data: unknown,
  node: Node,
  catalog: DataCatalog,
  ctx: RunContext,
): Promise<void> {
  const hooks = ctx.hooks;
  if (hooks.length) await callHook(hooks, 'beforeDatasetSaved', { datasetName: name, data, node });
  const ds = catalog.getDataset(name);
  if (ctx.listening) ctx.log('info', `Saving data to ${name} (${ds.typeName})...`, node.name, LOGGER);
  const start = performance.now();
  await catalog.save(name, data);
  if (ctx.listening) emitIo(ctx, 'save', name, ds, node, start, data);
  if (hooks.length) await callHook(hooks, 'afterDatasetSaved', { datasetName: name, data, node });
}

/** The dataset-load / dataset-save event of an I/O that began at `start` (performance.now()). */
function emitIo(
  ctx: RunContext,
  op: 'load' | 'save',
  name: string,
  ds: AbstractDataset,
  node: Node,
  start: number,
  data: unknown,
): void {
  ctx.emit({
    type: op === 'load' ? 'dataset-load' : 'dataset-save',
    at: Date.now(),
    node: node.name,
    dataset: name,
    datasetType: ds.typeName,
    ms: performance.now() - start,
    ...ds.ioInfo(op),
    ...tableShape(data),
  });
}
