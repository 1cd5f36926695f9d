import { filesUnder } from './files-under';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findUnsafeKey, unsafeKeyMessage } from '../../src-shared/safe-keys';
import { ProjectError } from './project-error';

/** A path relative to the project, '/'-separated, for messages. */
export function shownPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

// yaml is loaded on first use: a worker (or a project whose config files are empty) spares it.
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => (yamlModule ??= require('yaml') as typeof import('yaml'));
/** Blank lines and comments only: YAML's null document. */
const ONLY_COMMENTS = /^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*$/;

/** Parses a YAML file; a malformed one is an error naming the file, line and column. */
export function readYamlFile(root: string, abs: string): unknown {
  const shown = shownPath(root, abs);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new ProjectError(`Cannot read ${shown}: ${(err as Error).message}`, { cause: err });
  }
  if (ONLY_COMMENTS.test(text)) return null; // what yaml gives for it, without loading yaml
  const doc = yaml().parseDocument(text, { merge: true, prettyErrors: true });
  const [error] = doc.errors;
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `${shown}:${pos.line}:${pos.col}` : shown;
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const excerpt = error.message.split('\n').slice(1).join('\n').trimEnd();
    throw new ProjectError(`Malformed YAML in ${where}: ${reason}${excerpt ? `\n${excerpt}` : ''}`, { cause: error });
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ProjectError(`Malformed YAML in ${shown}: ${(err as Error).message}`, { cause: err });
  }
}

const YAML_FILE = /\.ya?ml$/;

/**
 * The config files of one kind in one environment folder, as Kedro finds them: `<kind>*.yml` at
 * the top and everything under `<kind>/`, sorted so that results never depend on the disk.
 */
export function configFiles(envDir: string, kind: string): string[] {
  let top: string[];
  try {
    top = readdirSync(envDir);
  } catch {
    return [];
  }
  const files = top.filter((f) => f.startsWith(kind) && YAML_FILE.test(f)).map((f) => join(envDir, f));
  files.push(...filesUnder(join(envDir, kind), (f) => YAML_FILE.test(f)));
  return files.sort();
}

export interface ConfigGroup {
  values: Record<string, unknown>;
  /** Top-level key → the file it came from (project-relative). */
  sources: Record<string, string>;
}

/** Reads and joins one kind of config in one environment; a key in two files is an error. */
export function readConfigGroup(root: string, envDir: string, kind: string): ConfigGroup {
  const group: ConfigGroup = { values: {}, sources: {} };
  for (const file of configFiles(envDir, kind)) {
    const shown = shownPath(root, file);
    const content = readYamlFile(root, file);
    if (content === null || content === undefined) continue;
    if (typeof content !== 'object' || Array.isArray(content)) {
      throw new ProjectError(
        `${shown} must be a mapping of names to entries, not ${Array.isArray(content) ? 'a list' : typeof content}.`,
      );
    }
    const unsafe = findUnsafeKey(content);
    if (unsafe !== undefined) throw new ProjectError(unsafeKeyMessage(unsafe, shown));
    for (const [key, value] of Object.entries(content)) {
      if (key in group.sources) {
        throw new ProjectError(
          `Duplicate key '${key}' in ${group.sources[key]} and ${shown}: a key may appear in only one file of an environment.`,
        );
      }
      group.values[key] = value;
      group.sources[key] = shown;
    }
  }
  return group;
}
