// `pipewright new`: a project folder from a starter in resources/starters/ (Kedro's `kedro new`).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { closeMatches } from '../engine/errors';
import { ProjectError } from './project-error';
import { refreshProjectTypes, writeProjectTsconfig } from './project-types';
import { projectStarterFiles, readStarterPointer, type StarterPointer } from './starter-from-project';

export const STARTERS_DIR = resolve(__dirname, '..', '..', 'resources', 'starters');
/** The starter without --starter: an empty layout with one small pipeline. */
export const DEFAULT_STARTER = 'default';
/** Kedro's rule for a project name. */
export const PROJECT_NAME = /^[\w -]{2,}$/;
const NAME_RULE =
  'it must contain only letters, digits, spaces, underscores and hyphens, and be at least 2 characters long';
/** Starter files that git would read inside this repository are stored under another name. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };
/** Kedro's data layers: every new project gets them, each with a .gitkeep. */
export const DATA_LAYERS = [
  '01_raw',
  '02_intermediate',
  '03_primary',
  '04_feature',
  '05_model_input',
  '06_models',
  '07_model_output',
  '08_reporting',
];

export function starterNames(dir = STARTERS_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

export interface NewProjectOptions {
  /** The folder to create the project in (default: the working directory). */
  parent: string;
  name: string;
  starter?: string;
  startersDir?: string;
}

/**
 * Creates `<parent>/<name>/` from a starter: conf/, data/ layers, src/, .gitignore, README, a
 * tsconfig.json and the 'pipewright' declarations. A starter is a folder of files, or a
 * `starter.json` naming a project to copy (the spaceflights starter is examples/spaceflights).
 * Nothing is left behind when it fails.
 */
export function createProject(options: NewProjectOptions): string {
  const { name } = options;
  const startersDir = options.startersDir ?? STARTERS_DIR;
  if (!PROJECT_NAME.test(name) || name.trim() !== name) {
    throw new ProjectError(`'${name}' is not a valid project name: ${NAME_RULE}.`);
  }
  const starter = options.starter ?? DEFAULT_STARTER;
  const known = starterNames(startersDir);
  if (!known.includes(starter)) {
    const offered = known.filter((n) => n !== DEFAULT_STARTER);
    const hint = closeMatches(starter, offered, 1);
    throw new ProjectError(
      `Unknown starter '${starter}'.${hint.length ? ` Did you mean '${hint[0]}'?` : ''} Starters: ${offered.join(', ') || '(none)'}.`,
    );
  }
  const target = resolve(options.parent, name);
  if (existsSync(target)) throw new ProjectError(`'${target}' already exists: choose another name or remove it first.`);
  const starterDir = join(startersDir, starter);
  const pointer = readStarterPointer(starterDir);
  const tmp = join(options.parent, `.${name}.${process.pid}.tmp`);
  try {
    if (pointer) copyFromProject(pointer, tmp);
    else cpSync(starterDir, tmp, { recursive: true, errorOnExist: true });
    for (const [from, to] of Object.entries(RENAMED)) {
      if (existsSync(join(tmp, from))) renameSync(join(tmp, from), join(tmp, to));
    }
    for (const layer of DATA_LAYERS) {
      mkdirSync(join(tmp, 'data', layer), { recursive: true });
      if (!existsSync(join(tmp, 'data', layer, '.gitkeep'))) writeFileSync(join(tmp, 'data', layer, '.gitkeep'), '');
    }
    const readme = join(tmp, 'README.md');
    if (existsSync(readme)) writeFileSync(readme, titled(readFileSync(readme, 'utf8'), name));
    writeProjectTsconfig(tmp);
    refreshProjectTypes(tmp);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (err instanceof ProjectError) throw err;
    throw new ProjectError(`Cannot create the project in '${target}': ${(err as Error).message}`, { cause: err });
  }
  return target;
}

/** The project's files (not its outputs or local files), then the files a pointer adds from elsewhere. */
function copyFromProject(pointer: StarterPointer, tmp: string): void {
  for (const file of projectStarterFiles(pointer.project)) {
    mkdirSync(join(tmp, file, '..'), { recursive: true });
    cpSync(join(pointer.project, file), join(tmp, file));
  }
  for (const [to, from] of Object.entries(pointer.add)) {
    mkdirSync(join(tmp, to, '..'), { recursive: true });
    cpSync(from, join(tmp, to));
  }
}

/** `{{name}}` replaced by the project's name; a starter copied from a project gets its first heading renamed. */
function titled(readme: string, name: string): string {
  const named = readme.replaceAll('{{name}}', name);
  return named === readme ? readme.replace(/^# .*$/m, `# ${name}`) : named;
}
