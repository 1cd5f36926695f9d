// Kedro's find_pipelines(): the pipelines of src/pipelines/<name>/pipeline.ts, found while the
// project's registerPipelines() runs. The loader gives the project through an async context, so
// that two projects loading at once (the app and a run) never see each other's.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../engine/errors';
import { Pipeline } from '../engine/pipeline';
import { ProjectError } from './project-error';

export interface DiscoveryContext {
  root: string;
  /** Imports a project module synchronously (registerPipelines() may be synchronous). */
  requireModule(path: string): Record<string, unknown>;
  warn(message: string): void;
}

const context = new AsyncLocalStorage<DiscoveryContext>();
let discoveries = 0;

/**
 * Runs `fn` (the project's registerPipelines) with the project findPipelines() discovers in. The
 * async context turns on promise hooks for the whole thread; it is turned off again once no load
 * is discovering, so that the awaits of the run that follows are not hooked.
 */
export function withDiscovery<T>(ctx: DiscoveryContext, fn: () => T): T {
  discoveries++;
  let result: T;
  try {
    result = context.run(ctx, fn);
  } catch (error) {
    endDiscovery();
    throw error;
  }
  if (result instanceof Promise) result.then(endDiscovery, endDiscovery);
  else endDiscovery();
  return result;
}

function endDiscovery(): void {
  if (--discoveries === 0) context.disable();
}

const MODULE_NAMES = ['pipeline.ts', 'pipeline.js', 'pipeline.mjs'];

function moduleIn(root: string, dir: string): string | undefined {
  const name = MODULE_NAMES.find((f) => existsSync(join(root, dir, f)));
  return name && `${dir}/${name}`;
}

export interface FindPipelinesOptions {
  /** Throw when a pipeline module fails to import, instead of warning and skipping it (Kedro's raise_errors). */
  raiseErrors?: boolean;
}

/**
 * Every `src/pipelines/<name>/pipeline.ts` (.js, .mjs) that exports `createPipeline()`, registered
 * as `<name>`; `src/pipeline.ts` (the one-pipeline layout) as `__default__`. As in Kedro, a module
 * that fails to import, lacks `createPipeline` or returns something else than a Pipeline is
 * skipped with a warning; an error thrown by `createPipeline()` itself fails the load.
 * Call it from registerPipelines(): `return { ...findPipelines(), __default__: ... }`.
 */
export function findPipelines(options: FindPipelinesOptions = {}): Record<string, Pipeline> {
  const ctx = context.getStore();
  if (!ctx) {
    throw new ProjectError(
      'findPipelines() finds the pipelines of the project being loaded: call it from registerPipelines() in src/pipeline_registry.ts (before any await).',
    );
  }
  const found: Record<string, Pipeline> = {};
  const single = moduleIn(ctx.root, 'src');
  if (single) {
    const p = createFrom(ctx, single, options);
    if (p) found.__default__ = p;
  }
  const dir = join(ctx.root, 'src', 'pipelines');
  let names: string[];
  try {
    names = readdirSync(dir).filter(
      (n) => !n.startsWith('.') && n !== 'node_modules' && statSync(join(dir, n)).isDirectory(),
    );
  } catch {
    return found; // no src/pipelines/: nothing to find
  }
  for (const name of names.sort()) {
    const file = moduleIn(ctx.root, `src/pipelines/${name}`);
    if (!file) continue; // a folder of shared code, not a pipeline
    const p = createFrom(ctx, file, options);
    if (p) found[name] = p;
  }
  return found;
}

function createFrom(ctx: DiscoveryContext, file: string, options: FindPipelinesOptions): Pipeline | undefined {
  const skipped = 'Nothing defined therein is registered by findPipelines().';
  let mod: Record<string, unknown>;
  try {
    mod = ctx.requireModule(file);
  } catch (err) {
    const reason = errorMessage(err)
      .replace(`Failed to load ${file}: `, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    if (options.raiseErrors)
      throw new ProjectError(`An error occurred while importing ${file}: ${reason}`, { cause: err });
    ctx.warn(`An error occurred while importing ${file}: ${reason.replace(/\.$/, '')}. ${skipped}`);
    return undefined;
  }
  const create = mod.createPipeline ?? (mod.default as Record<string, unknown> | undefined)?.createPipeline;
  if (typeof create !== 'function') {
    ctx.warn(`${file} does not export a function createPipeline(). ${skipped}`);
    return undefined;
  }
  let result: unknown;
  try {
    result = create();
  } catch (err) {
    throw new ProjectError(`createPipeline() in ${file} failed: ${errorMessage(err)}`, { cause: err });
  }
  if (result instanceof Pipeline) return result;
  const type =
    result === null
      ? 'null'
      : typeof result === 'object'
        ? ((result as object).constructor?.name ?? 'object')
        : typeof result;
  const hint = result instanceof Promise ? ' (createPipeline() must not be async)' : '';
  ctx.warn(`createPipeline() in ${file} returned '${type}', not a Pipeline${hint}. ${skipped}`);
  return undefined;
}
