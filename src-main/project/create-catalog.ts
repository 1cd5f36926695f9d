import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { DataCatalog } from '../engine/catalog/data-catalog';
import { errorMessage } from '../engine/errors';
import { timestampVersion } from '../engine/runner/run-context';
import { checkVersionString } from '../datasets/versioning';
import type { CatalogConfig } from './catalog-config';
import { createDatasetFromEntry, type ProjectTypes } from './dataset-factory';
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
export function createDataset(source: CatalogSource, name: string, options: CatalogOptions = {}, entry?: CatalogEntry): AbstractDataset {
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
  const datasets: Record<string, AbstractDataset> = {};
  for (const name of Object.keys(source.config.entries)) {
    if (isPattern(name)) continue;
    if (isParameterName(name)) {
      throw new ProjectError(`Catalog entry '${name}' in ${source.config.sources[name]}: names 'parameters' and 'params:…' are reserved for parameters.yml.`);
    }
    datasets[name] = createDataset(source, name, run);
  }
  Object.assign(datasets, parameterDatasets(source.parameters));
  const resolver = (name: string) => (entryFor(source, name) ? createDataset(source, name, run) : undefined);
  return new DataCatalog(datasets, { resolver });
}

function checkVersions(source: CatalogSource, loadVersions: Record<string, string>, saveVersion: string): void {
  try {
    checkVersionString(saveVersion);
    for (const v of Object.values(loadVersions)) checkVersionString(v);
  } catch (err) {
    throw new ProjectError(errorMessage(err), { cause: err });
  }
  const unknown = Object.keys(loadVersions).filter((name) => !entryFor(source, name)).sort();
  if (unknown.length) throw new ProjectError(`'load_versions' keys [${unknown.join(', ')}] are not found in the catalog.`);
  const unversioned = Object.keys(loadVersions).filter((name) => !entryFor(source, name)!.entry.versioned).sort();
  if (unversioned.length) {
    throw new ProjectError(`'load_versions' names dataset(s) that are not versioned: ${unversioned.join(', ')}. Add 'versioned: true' to their catalog entries.`);
  }
}
