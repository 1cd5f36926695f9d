import { isAbsolute, resolve } from 'node:path';
import { AbstractDataset, CATALOG_ENTRY } from '../engine/catalog/abstract-dataset';
import { errorMessage } from '../engine/errors';
import { lookupBuiltInType, unknownTypeMessage, type DatasetClass } from '../datasets/registry';
import type { ModuleLoader } from './module-loader';
import { ProjectError } from './project-error';
import { redact, withCredentials } from './project-config';
import type { CatalogEntry } from './types';

/** Dataset classes exported by project modules, by their `src/file.ts#Export` type. */
export type ProjectTypes = Map<string, DatasetClass>;

export const isProjectType = (type: unknown): type is string => typeof type === 'string' && type.includes('#');

/** Every type an entry names: its own and, for PartitionedDataset, its partitions'. */
export function typesOf(entry: CatalogEntry): unknown[] {
  const nested = entry.dataset;
  return [
    entry.type,
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>).type : nested,
  ];
}

/**
 * Imports the project's dataset classes up front, so that building a catalog (which is
 * synchronous) never has to import, and a bad project type fails at load.
 */
export async function loadDatasetTypes(
  entries: Record<string, CatalogEntry>,
  sources: Record<string, string>,
  loader: ModuleLoader,
): Promise<ProjectTypes> {
  const types: ProjectTypes = new Map();
  for (const [name, entry] of Object.entries(entries)) {
    const where = `dataset '${name}' in ${sources[name]}`;
    for (const type of typesOf(entry)) {
      if (type === undefined || (typeof type === 'string' && type.includes('{'))) continue;
      if (isProjectType(type)) {
        if (types.has(type)) continue;
        const cls = await loader.importExport(type, `Dataset type of ${where}`);
        if (typeof cls !== 'function' || !(cls.prototype instanceof AbstractDataset)) {
          throw new ProjectError(
            `'${type}' (the type of ${where}) is not a dataset class: export a class that extends AbstractDataset from 'pipewright'.`,
          );
        }
        types.set(type, cls as DatasetClass);
      }
      // An unknown built-in type is not an error here: catalog-problems.ts reports every one at
      // once, and only a run that uses the entry is refused (as Kedro builds datasets lazily).
    }
  }
  return types;
}

/** A dataset class refused its entry's arguments: the entry is broken, the project is not. */
export class DatasetArgumentsError extends ProjectError {}

export interface DatasetBuild {
  root: string;
  projectTypes: ProjectTypes;
  loadVersion?: string;
  saveVersion?: string;
  /** The catalog file of the entry (or of the pattern it matched), for messages. */
  source: string;
  /** credentials.yml by name, for entries that say `credentials: name`. */
  credentials?: Record<string, unknown>;
}

/**
 * Builds a dataset from its (filled) entry: the class gets the entry's arguments as one object,
 * `type` removed. Built-in classes get the project `root` and keep relative paths for messages;
 * other classes get absolute paths. Versioned datasets get `version: { load, save }`.
 */
export function createDatasetFromEntry(name: string, entry: CatalogEntry, build: DatasetBuild): AbstractDataset {
  const where = `dataset '${name}' in ${build.source}`;
  const { entry: given, secrets } = withCredentials(entry, build.credentials ?? {}, where);
  const { type, ...args } = given;
  const cls = classFor(type as string, build.projectTypes, where);
  const options: Record<string, unknown> = { ...args };
  const nested = options.dataset;
  if (isProjectType(nested)) options.dataset = classFor(nested, build.projectTypes, where);
  else if (nested && typeof nested === 'object' && isProjectType((nested as CatalogEntry).type)) {
    options.dataset = { ...nested, type: classFor((nested as CatalogEntry).type, build.projectTypes, where) };
  }
  if ((cls as { acceptsRoot?: boolean }).acceptsRoot) options.root = build.root;
  else for (const key of ['filepath', 'path']) options[key] = absolutePath(options[key], build.root);
  if (entry.versioned) options.version = { load: build.loadVersion, save: build.saveVersion };
  let dataset: AbstractDataset;
  try {
    dataset = new cls(options);
  } catch (err) {
    throw new DatasetArgumentsError(
      `Cannot create ${where} (${type}): ${redact(errorMessage(err), secrets) as string}`,
      { cause: secrets.length ? undefined : err },
    );
  }
  dataset[CATALOG_ENTRY] = entry; // as written: credentials by name
  if (secrets.length) {
    // What the app and the logs show of a dataset never holds its credentials, whatever the class prints.
    const describe = dataset.describe.bind(dataset);
    dataset.describe = () => redact(describe(), secrets) as Record<string, unknown>;
  }
  return dataset;
}

function classFor(type: string, projectTypes: ProjectTypes, where: string): DatasetClass {
  const cls = isProjectType(type) ? projectTypes.get(type) : lookupBuiltInType(type);
  if (!cls) {
    if (isProjectType(type))
      throw new ProjectError(`The type '${type}' of ${where} was not loaded with the project; reload the project.`);
    throw new ProjectError(unknownTypeMessage(type, where));
  }
  return cls;
}

function absolutePath(value: unknown, root: string): unknown {
  if (typeof value !== 'string' || !value || isAbsolute(value) || /^[a-z][\w+.-]*:\/\//i.test(value)) return value;
  return resolve(root, value);
}
