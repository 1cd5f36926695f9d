import type { DataCatalog } from '../catalog/data-catalog';
import type { Node } from '../node';
import type { Pipeline } from '../pipeline';

export interface RunParams {
  runId: string;
  pipelineName?: string;
  runner: string;
  isAsync: boolean;
  [key: string]: unknown;
}

type Maybe<T> = T | Promise<T>;

/** Kedro's hook specifications in camelCase. Every method is optional and may be async. */
export interface Hooks {
  beforePipelineRun?(args: { runParams: RunParams; pipeline: Pipeline; catalog: DataCatalog }): Maybe<void>;
  afterPipelineRun?(args: {
    runParams: RunParams;
    runResult: Record<string, unknown>;
    pipeline: Pipeline;
    catalog: DataCatalog;
  }): Maybe<void>;
  onPipelineError?(args: {
    error: unknown;
    runParams: RunParams;
    pipeline: Pipeline;
    catalog: DataCatalog;
  }): Maybe<void>;
  /** May return a record of input values that replace those loaded. */
  beforeNodeRun?(args: {
    node: Node;
    catalog: DataCatalog;
    inputs: Record<string, unknown>;
    isAsync: boolean;
    runId: string;
  }): Maybe<Record<string, unknown> | void>;
  afterNodeRun?(args: {
    node: Node;
    catalog: DataCatalog;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    isAsync: boolean;
    runId: string;
  }): Maybe<void>;
  onNodeError?(args: {
    error: unknown;
    node: Node;
    catalog: DataCatalog;
    inputs: Record<string, unknown>;
    isAsync: boolean;
    runId: string;
  }): Maybe<void>;
  beforeDatasetLoaded?(args: { datasetName: string; node: Node }): Maybe<void>;
  afterDatasetLoaded?(args: { datasetName: string; data: unknown; node: Node }): Maybe<void>;
  beforeDatasetSaved?(args: { datasetName: string; data: unknown; node: Node }): Maybe<void>;
  afterDatasetSaved?(args: { datasetName: string; data: unknown; node: Node }): Maybe<void>;
}

export type HookName = keyof Hooks;

/** Calls every registered implementation of a hook in order; resolves to their results. */
export async function callHook<K extends HookName>(
  hooks: readonly Hooks[],
  name: K,
  args: Parameters<NonNullable<Hooks[K]>>[0],
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const h of hooks) {
    const fn = h[name] as ((a: typeof args) => unknown) | undefined;
    if (fn) results.push(await fn.call(h, args));
  }
  return results;
}

export function hasHook(hooks: readonly Hooks[], name: HookName): boolean {
  return hooks.some((h) => typeof h[name] === 'function');
}
