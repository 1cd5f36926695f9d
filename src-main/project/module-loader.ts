import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createJiti } from 'jiti';
import { privateCacheDir } from '../cache-dir.cjs';
import { errorMessage } from '../engine/errors';
import * as PIPEWRIGHT from './pipewright-module';
import { ProjectError } from './project-error';
import { assertRealInside, projectPath } from './project-path';

export interface ModuleLoader {
  root: string;
  /** Imports a project module by its project-relative path; nothing outside the project. */
  importModule(path: string): Promise<Record<string, unknown>>;
  /** Imports a project module synchronously (for findPipelines(), inside a synchronous registerPipelines()). */
  requireModule(path: string): Record<string, unknown>;
  /** Imports one export: `src/runner.ts#DryRunner`. `context` says who asked, for messages. */
  importExport(ref: string, context?: string): Promise<unknown>;
}

export function parseRef(ref: string): { file: string; exportName: string } {
  const hash = ref.lastIndexOf('#');
  if (typeof ref !== 'string' || hash <= 0 || hash === ref.length - 1) {
    throw new ProjectError(
      `'${ref}' is not a reference to an export of a project module: write it as 'src/file.ts#exportName'.`,
    );
  }
  return { file: ref.slice(0, hash), exportName: ref.slice(hash + 1) };
}

const EXTENSIONS = ['', '.ts', '.js', '.mjs', '.mts', '.cjs'];

/** The project file a module path names, trying the usual extensions. */
export function findModuleFile(root: string, path: string): string | undefined {
  const base = isAbsolute(path) ? path : resolve(root, path);
  return EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f) && !f.endsWith(sep));
}

// Never evict the host's own sources, even when a project lives inside this repository.
const OWN_ROOT = resolve(__dirname, '..', '..');
const HOST_DIRS = ['src-main', 'src-shared', 'bin'].map((d) => join(OWN_ROOT, d) + sep);

/**
 * Forgets previously loaded modules of this project so that a reload sees edited files. The
 * module cache stays on (rather than jiti's moduleCache: false) so that a module imported twice
 * within one load is one instance and circular imports work.
 */
function evictProjectModules(root: string): void {
  const cache = createRequire(join(root, 'noop.js')).cache;
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (const key of Object.keys(cache)) {
    if (!key.startsWith(prefix) || key.includes(`${sep}node_modules${sep}`)) continue;
    if (HOST_DIRS.some((dir) => key.startsWith(dir))) continue;
    delete cache[key];
  }
}

export function createModuleLoader(root: string): ModuleLoader {
  evictProjectModules(root);
  const jiti = createJiti(join(root, 'pipewright-project.js'), {
    // `import ... from 'pipewright'` gets this very engine, so `instanceof Pipeline` holds across the boundary.
    virtualModules: { pipewright: PIPEWRIGHT },
    interopDefault: true,
    moduleCache: true,
    // The transpile cache is keyed by content, so it never serves a stale file. It holds code we
    // run: the user's own cache folder, not the (possibly read-only) install nor a shared tmp.
    fsCache: privateCacheDir('jiti') ?? false,
  });
  const shown = (abs: string) => relative(root, abs).split(sep).join('/');

  const moduleFile = (path: string): string => {
    const file = findModuleFile(root, projectPath(root, path, `Module '${path}'`));
    if (!file)
      throw new ProjectError(
        `Module '${path}' not found in the project (looked for ${shown(resolve(root, path))} with .ts, .js or .mjs).`,
      );
    assertRealInside(root, file, `Module '${path}'`);
    return file;
  };
  const failed = (file: string, err: unknown) =>
    new ProjectError(`Failed to load ${shown(file)}: ${cleanJitiMessage(errorMessage(err), root)}`, { cause: err });

  const importModule = async (path: string): Promise<Record<string, unknown>> => {
    const file = moduleFile(path);
    try {
      return (await jiti.import(file)) as Record<string, unknown>;
    } catch (err) {
      throw failed(file, err);
    }
  };

  return {
    root,
    importModule,
    requireModule(path) {
      const file = moduleFile(path);
      try {
        return jiti(file) as Record<string, unknown>;
      } catch (err) {
        throw failed(file, err);
      }
    },
    async importExport(ref, context) {
      const { file, exportName } = parseRef(ref);
      const where = context ? `${context}: ` : '';
      let mod: Record<string, unknown>;
      try {
        mod = await importModule(file);
      } catch (err) {
        throw new ProjectError(`${where}${errorMessage(err)}`, { cause: err });
      }
      const value = exportName === 'default' ? (mod.default ?? mod) : mod[exportName];
      if (value === undefined) {
        const names = Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule');
        throw new ProjectError(
          `${where}module ${file} has no export '${exportName}'${names.length ? ` (it exports ${names.sort().join(', ')})` : ''}.`,
        );
      }
      return value;
    },
  };
}

/** jiti reports absolute paths; project-relative ones read better. */
function cleanJitiMessage(message: string, root: string): string {
  return message.split(root + sep).join('');
}
