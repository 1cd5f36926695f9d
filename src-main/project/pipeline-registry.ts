import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../engine/errors';
import { Pipeline } from '../engine/pipeline';
import { withDiscovery } from './find-pipelines';
import type { ModuleLoader } from './module-loader';
import { ProjectError } from './project-error';

export const REGISTRY_FILES = ['src/pipeline_registry.ts', 'src/pipeline_registry.js', 'src/pipeline_registry.mjs'];

/** The project's registry module, if it has one. */
export function findRegistry(root: string): string | undefined {
  return REGISTRY_FILES.find((f) => existsSync(join(root, f)));
}

/** Calls `registerPipelines()` (which may be async) and checks that it returns pipelines by name. */
export async function loadRegistry(
  loader: ModuleLoader,
  file: string,
  warn: (message: string) => void = () => {},
): Promise<Record<string, Pipeline>> {
  const mod = await loader.importModule(file);
  const register = mod.registerPipelines ?? (mod.default as Record<string, unknown> | undefined)?.registerPipelines;
  if (typeof register !== 'function') {
    throw new ProjectError(
      `${file} must export a function registerPipelines() that returns a record of pipelines by name.`,
    );
  }
  let result: unknown;
  try {
    // findPipelines() inside it discovers this project's src/pipelines/.
    result = await withDiscovery({ root: loader.root, requireModule: loader.requireModule, warn }, () => register());
  } catch (err) {
    throw new ProjectError(`registerPipelines() in ${file} failed: ${errorMessage(err)}`, { cause: err });
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new ProjectError(
      `registerPipelines() in ${file} must return a record of pipelines by name, got ${Array.isArray(result) ? 'an array' : String(result)}.`,
    );
  }
  const pipelines: Record<string, Pipeline> = {};
  for (const [name, value] of Object.entries(result)) {
    if (!(value instanceof Pipeline)) {
      const hint =
        value && typeof value === 'object' && (value as object).constructor?.name === 'Pipeline'
          ? " It is a Pipeline from another copy of the library: import from 'pipewright'."
          : '';
      throw new ProjectError(
        `registerPipelines() in ${file} returned '${name}' that is not a Pipeline (build it with pipeline() from 'pipewright').${hint}`,
      );
    }
    pipelines[name] = value;
  }
  return pipelines;
}
