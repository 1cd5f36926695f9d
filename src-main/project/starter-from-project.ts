// A starter that is a project kept elsewhere in this repository (resources/starters/<name>/starter.json),
// so that an example and the starter made from it are one source.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ProjectError } from './project-error';

export interface StarterPointer {
  /** The project folder to copy. */
  project: string;
  /** Files added to the new project: its path → the file to copy (from other starters). */
  add: Record<string, string>;
}

const POINTER = 'starter.json';

/** The starter's pointer, or undefined when the starter is a plain folder of files. */
export function readStarterPointer(starterDir: string): StarterPointer | undefined {
  const file = join(starterDir, POINTER);
  if (!existsSync(file)) return undefined;
  let raw: { project?: unknown; add?: unknown };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ProjectError(`Starter file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof raw.project !== 'string') throw new ProjectError(`Starter file ${file} needs "project": a folder path.`);
  const project = resolve(starterDir, raw.project);
  if (!existsSync(join(project, 'conf'))) {
    throw new ProjectError(`Starter file ${file} names '${project}', which is not a project (it has no conf/ folder).`);
  }
  const add: Record<string, string> = {};
  for (const [to, from] of Object.entries((raw.add ?? {}) as Record<string, unknown>)) {
    const path = typeof from === 'string' ? resolve(starterDir, from) : '';
    if (!path || !existsSync(path))
      throw new ProjectError(`Starter file ${file}: "add" names a missing file for '${to}'.`);
    add[to] = path;
  }
  return { project, add };
}

/**
 * The files of a project that a new project copies: what its author wrote, not what runs and
 * machines added. Left out: data written by runs (anything under data/ but data/01_raw and the
 * .gitkeep files), conf/local/ but its .gitkeep, the run history and declarations (.pipewright/),
 * tsconfig.json (written for the new project), node_modules/ and the project's own .gitignore.
 */
export function projectStarterFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(rel)) walk(path);
      } else if (entry.isFile() && kept(rel)) {
        files.push(rel);
      }
    }
  };
  walk(root);
  return files.sort();
}

const SKIPPED_DIRS = new Set(['.pipewright', 'node_modules', '.git']);

function kept(rel: string): boolean {
  if (rel === 'tsconfig.json' || rel === '.gitignore') return false;
  if (rel.endsWith('/.gitkeep')) return true;
  if (rel.startsWith('conf/local/')) return false;
  if (rel.startsWith('data/')) return rel.startsWith('data/01_raw/');
  return true;
}
