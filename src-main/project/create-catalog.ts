import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { DataCatalog } from '../engine/catalog/data-catalog';
import { errorMessage } from '../engine/errors';
import { timestampVersion } from '../engine/runner/run-context';
import { checkVersionString } from '../datasets/versioning';
import { knownTypeNames, lookupBuiltInType, typeHint } from '../datasets/registry';
import type { CatalogConfig } from './catalog-config';
import {
  DatasetArgumentsError,
  createDatasetFromEntry,
  isProjectType,
  typesOf,
  type ProjectTypes,
} from './dataset-factory';
import { DatasetPatterns, isPattern } from './dataset-patterns';
import { parameterDatasets } from './parameters';
import { ProjectError } from './project-error';
import type { CatalogEntry, CatalogOptions } from './types';

export interface CatalogSource {
  root: string;
  config: CatalogConfig;
  patterns: DatasetPatterns;
  parameters: Record<string, unknown>;
  projectTypes: ProjectTypes;
  credentials?: Record<string, unknown>;
  /** Entries that cannot be built, found once (catalogProblems). */
  broken?: Map<string, string>;
}

const isParameterName = (name: string) => name === 'parameters' || name.startsWith('params:');

/** The entry for a name: its own, or the filled entry of the pattern it matches. */
export function entryFor(source: CatalogSource, name: string): { entry: CatalogEntry; file: string } | undefined {
  const own = source.config.entries[name];
  if (own && !isPattern(name)) return { entry: own, file: source.config.sources[name] };
  if (isParameterName(name)) return undefined;
  const match = source.patterns.match(name);
  return match && { entry: match.entry, file: source.config.sources[match.pattern] };
}

/** Builds one dataset of the catalog config with this run's versions. */
export function createDataset(
  source: CatalogSource,
  name: string,
  options: CatalogOptions = {},
  entry?: CatalogEntry,
): AbstractDataset {
  const found = entry ? { entry, file: source.config.sources[name] ?? 'the catalog' } : entryFor(source, name);
  if (!found) throw new ProjectError(`Dataset '${name}' is not in the catalog and matches no dataset pattern.`);
  return createDatasetFromEntry(name, found.entry, {
    root: source.root,
    projectTypes: source.projectTypes,
    loadVersion: options.loadVersions?.[name],
    saveVersion: options.saveVersion,
    source: found.file,
    credentials: source.credentials,
  });
}

/**
 * A fresh catalog: every configured dataset, `parameters` and `params:` keys, and a resolver for
 * names that match a dataset pattern. Every versioned dataset saves under one save version.
 */
export function createCatalog(source: CatalogSource, options: CatalogOptions = {}): DataCatalog {
  const loadVersions = options.loadVersions ?? {};
  const saveVersion = options.saveVersion ?? timestampVersion();
  checkVersions(source, loadVersions, saveVersion);
  const run: CatalogOptions = { loadVersions, saveVersion };
  const broken = brokenEntries(source);
  const datasets: Record<string, AbstractDataset> = {};
  for (const name of Object.keys(source.config.entries)) {
    if (isPattern(name)) continue;
    if (isParameterName(name)) {
      throw new ProjectError(
        `Catalog entry '${name}' in ${source.config.sources[name]}: names 'parameters' and 'params:…' are reserved for parameters.yml.`,
      );
    }
    if (!broken.has(name)) datasets[name] = createDataset(source, name, run);
  }
  Object.assign(datasets, parameterDatasets(source.parameters));
  // A broken entry fails only the run that needs it (Kedro builds datasets lazily), with every problem at once.
  const resolver = (name: string) => {
    if (broken.has(name))
      throw new ProjectError(`Dataset '${name}' cannot be built. ${catalogProblems(source)!.message}`);
    return entryFor(source, name) ? createDataset(source, name, run) : undefined;
  };
  return new DataCatalog(datasets, { resolver });
}

function checkVersions(source: CatalogSource, loadVersions: Record<string, string>, saveVersion: string): void {
  try {
    checkVersionString(saveVersion);
    for (const v of Object.values(loadVersions)) checkVersionString(v);
  } catch (err) {
    throw new ProjectError(errorMessage(err), { cause: err });
  }
  const unknown = Object.keys(loadVersions)
    .filter((name) => !entryFor(source, name))
    .sort();
  if (unknown.length)
    throw new ProjectError(`'load_versions' keys [${unknown.join(', ')}] are not found in the catalog.`);
  const unversioned = Object.keys(loadVersions)
    .filter((name) => !entryFor(source, name)!.entry.versioned)
    .sort();
  if (unversioned.length) {
    throw new ProjectError(
      `'load_versions' names dataset(s) that are not versioned: ${unversioned.join(', ')}. Add 'versioned: true' to their catalog entries.`,
    );
  }
}

/**
 * Entries that cannot be built, by name, with what is wrong: an unknown type (also in a pattern),
 * or arguments the dataset refuses. Found once per project load.
 */
function brokenEntries(source: CatalogSource): Map<string, string> {
  if (source.broken) return source.broken;
  const broken = new Map<string, string>();
  for (const [name, entry] of Object.entries(source.config.entries)) {
    if (isParameterName(name)) continue;
    const unknown = typesOf(entry).filter(
      (t) =>
        t !== undefined && !(typeof t === 'string' && (t.includes('{') || isProjectType(t) || lookupBuiltInType(t))),
    );
    if (unknown.length) {
      const hint = typeHint(String(unknown[0]));
      broken.set(name, `unknown type '${String(unknown[0])}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    } else if (!isPattern(name)) {
      try {
        createDataset(source, name);
      } catch (err) {
        if (!(err instanceof DatasetArgumentsError)) throw err; // e.g. unknown credentials: refused at load, as Kedro does
        broken.set(name, errorMessage(err).replace(/^Cannot create dataset '[^']*' in \S+ /, ''));
      }
    }
  }
  source.broken = broken;
  return broken;
}

/** The catalog's entries that cannot be built: the message names them all, `entries` one by one. */
export class CatalogError extends ProjectError {
  constructor(
    readonly entries: Array<{ name: string; file: string | undefined; problem: string }>,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectError'; // reported as before; `entries` is for the app's list
  }
}

/** One error naming every entry of the catalog that cannot be built, or undefined when all can. */
export function catalogProblems(source: CatalogSource): ProjectError | undefined {
  const broken = brokenEntries(source);
  if (!broken.size) return undefined;
  const lines = [...broken].map(([name, what]) => `  - '${name}' in ${source.config.sources[name]}: ${what}`);
  const unknownTypes = [...broken.values()].some((what) => what.startsWith('unknown type'));
  return new CatalogError(
    [...broken].map(([name, problem]) => ({ name, file: source.config.sources[name], problem })),
    `The catalog has ${broken.size} ${broken.size === 1 ? 'entry' : 'entries'} that cannot be built:\n${lines.join('\n')}` +
      (unknownTypes
        ? `\nKnown types: ${knownTypeNames().join(', ')}; or a class exported by a project module, as 'src/datasets.ts#MyDataset'.`
        : ''),
  );
}
