import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeMatches } from '../engine/errors';
import type { HookName, Hooks } from '../engine/runner/hooks';
import type { ModuleLoader } from './module-loader';
import { ProjectError } from './project-error';

export const SETTINGS_FILES = ['src/settings.ts', 'src/settings.js', 'src/settings.mjs'];

const HOOK_NAMES: HookName[] = [
  'beforePipelineRun',
  'afterPipelineRun',
  'onPipelineError',
  'beforeNodeRun',
  'afterNodeRun',
  'onNodeError',
  'beforeDatasetLoaded',
  'afterDatasetLoaded',
  'beforeDatasetSaved',
  'afterDatasetSaved',
];
const LOOKS_LIKE_HOOK = /^(before|after|on)[A-Z]/;

/** Every method name of an object, its classes' included. */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o))
      if (n !== 'constructor' && typeof (obj as Record<string, unknown>)[n] === 'function') names.add(n);
  }
  return [...names];
}

/**
 * The project's hooks, as Kedro's settings.py HOOKS: `export const HOOKS = [new MyHooks()]` in
 * src/settings.ts. Each is an object with hook methods in camelCase; a method named like a hook
 * that is not one (a typo) is an error, since it would never be called.
 */
export async function loadProjectHooks(loader: ModuleLoader): Promise<Hooks[]> {
  const file = SETTINGS_FILES.find((f) => existsSync(join(loader.root, f)));
  if (!file) return [];
  const mod = await loader.importModule(file);
  const hooks = mod.HOOKS ?? (mod.default as Record<string, unknown> | undefined)?.HOOKS;
  if (hooks === undefined) return [];
  if (!Array.isArray(hooks)) {
    throw new ProjectError(
      `HOOKS in ${file} must be a list of hook objects, as in 'export const HOOKS = [new MyHooks()]'.`,
    );
  }
  hooks.forEach((h, i) => {
    if (h === null || typeof h !== 'object') {
      const hint = typeof h === 'function' ? ' (a class: write new MyHooks())' : '';
      throw new ProjectError(`HOOKS[${i}] in ${file} is not a hook object${hint}.`);
    }
    for (const name of methodNames(h)) {
      if (!LOOKS_LIKE_HOOK.test(name) || HOOK_NAMES.includes(name as HookName)) continue;
      const hint = closeMatches(name, HOOK_NAMES, 1);
      throw new ProjectError(
        `HOOKS[${i}] in ${file} has a method '${name}' that is not a hook${hint.length ? `: did you mean '${hint[0]}'?` : '.'} Hooks: ${HOOK_NAMES.join(', ')}.`,
      );
    }
  });
  return hooks as Hooks[];
}
