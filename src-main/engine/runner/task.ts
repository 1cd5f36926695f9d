import type { NodeTimings } from '../../../src-shared/run-events';
import type { AbstractDataset } from '../catalog/abstract-dataset';
import type { DataCatalog } from '../catalog/data-catalog';
import { NodeError } from '../errors';
import type { Node } from '../node';
import { callHook, hasHook } from './hooks';
import type { RunContext } from './run-context';

const LOGGER = 'pipewright.io.data_catalog';

/**
 * Runs one node in this process: load its inputs, call its function, save its outputs, with the
 * hooks and events of each step. With `isAsync`, inputs load concurrently and outputs save
 * concurrently.
 */
export async function runNodeInProcess(
  node: Node,
  catalog: DataCatalog,
  ctx: RunContext,
  worker = 'main',
): Promise<NodeTimings> {
  const hooks = ctx.hooks;
  const names = uniqueInputs(node);
  let t = performance.now();
  const inputs: Record<string, unknown> = {};
  if (ctx.isAsync && names.length > 1) {
    const values = await Promise.all(names.map((name) => loadInput(name, node, catalog, ctx)));
    names.forEach((name, i) => (inputs[name] = values[i]));
  } else {
    for (const name of names) inputs[name] = await loadInput(name, node, catalog, ctx);
  }
  const loadMs = performance.now() - t;

  if (hooks.length && hasHook(hooks, 'beforeNodeRun')) {
    const updates = await callHook(hooks, 'beforeNodeRun', { node, catalog, inputs: { ...inputs }, isAsync: ctx.isAsync, runId: ctx.runId });
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

  if (ctx.listening) ctx.log('info', `Running node: ${node}`, node.name, 'pipewright.pipeline.node');
  t = performance.now();
  let outputs: Record<string, unknown>;
  try {
    let result = node.call(inputs);
    if (result instanceof Promise) result = await result;
    outputs = node.outputsFrom(result);
  } catch (error) {
    if (hooks.length) await callHook(hooks, 'onNodeError', { error, node, catalog, inputs, isAsync: ctx.isAsync, runId: ctx.runId });
    throw error;
  }
  const computeMs = performance.now() - t;
  if (hooks.length) await callHook(hooks, 'afterNodeRun', { node, catalog, inputs, outputs, isAsync: ctx.isAsync, runId: ctx.runId });

  t = performance.now();
  const outNames = Object.keys(outputs);
  if (ctx.isAsync && outNames.length > 1) {
    await Promise.all(outNames.map((name) => saveOutput(name, outputs[name], node, catalog, ctx)));
  } else {
    for (const name of outNames) await saveOutput(name, outputs[name], node, catalog, ctx);
  }
  return { loadMs, computeMs, saveMs: performance.now() - t };
}

function uniqueInputs(node: Node): readonly string[] {
  const ins = node.inputs;
  return ins.length < 2 ? ins : [...new Set(ins)];
}

/** Loads one input in this process, with its hooks, log line and event. */
export async function loadInput(name: string, node: Node, catalog: DataCatalog, ctx: RunContext): Promise<unknown> {
  const hooks = ctx.hooks;
  if (hooks.length) await callHook(hooks, 'beforeDatasetLoaded', { datasetName: name, node });
  const ds = catalog.getDataset(name);
  if (ctx.listening) ctx.log('info', `Loading data from ${name} (${ds.typeName})...`, node.name, LOGGER);
  const start = performance.now();
  const data = await catalog.load(name);
  if (ctx.listening) emitIo(ctx, 'load', name, ds, node, start);
  if (hooks.length) await callHook(hooks, 'afterDatasetLoaded', { datasetName: name, data, node });
  return data;
}

/** Saves one output in this process, with its hooks, log line and event. */
export async function saveOutput(name: string, data: unknown, node: Node, catalog: DataCatalog, ctx: RunContext): Promise<void> {
  const hooks = ctx.hooks;
  if (hooks.length) await callHook(hooks, 'beforeDatasetSaved', { datasetName: name, data, node });
  const ds = catalog.getDataset(name);
  if (ctx.listening) ctx.log('info', `Saving data to ${name} (${ds.typeName})...`, node.name, LOGGER);
  const start = performance.now();
  await catalog.save(name, data);
  if (ctx.listening) emitIo(ctx, 'save', name, ds, node, start);
  if (hooks.length) await callHook(hooks, 'afterDatasetSaved', { datasetName: name, data, node });
}

/** The dataset-load / dataset-save event of an I/O that began at `start` (performance.now()). */
function emitIo(ctx: RunContext, op: 'load' | 'save', name: string, ds: AbstractDataset, node: Node, start: number): void {
  ctx.emit({
    type: op === 'load' ? 'dataset-load' : 'dataset-save',
    at: Date.now(),
    node: node.name,
    dataset: name,
    datasetType: ds.typeName,
    ms: performance.now() - start,
    ...ds.ioInfo(op),
  });
}
