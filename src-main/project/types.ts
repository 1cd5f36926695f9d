import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import type { Hooks } from '../engine/runner/hooks';
import type { ProjectRef } from '../engine/runner/run-context';

export interface LoadProjectOptions {
  /** Reads conf/<env> over conf/base; default "local". */
  env?: string;
  /** `--params` overrides, merged over parameters.yml (dotted keys already expanded). */
  runtimeParams?: Record<string, unknown>;
  /** Problems that do not stop the load (a pipeline module findPipelines() skipped); default: stderr. */
  onWarning?: (message: string) => void;
  /** Copy the 'pipewright' declarations into .pipewright/types/ (default true; workers skip it). */
  refreshTypes?: boolean;
}

export interface CatalogOptions {
  /** Dataset name → version to load (`--load-versions`). */
  loadVersions?: Record<string, string>;
  /** The version every versioned dataset of this run saves under. */
  saveVersion?: string;
}

/** A catalog.yml entry after base/env merge, as written (before factory placeholders are filled). */
export type CatalogEntry = Record<string, unknown> & { type: string };

/** A node of a pipeline file in pipelines/<name>.json, as the app's editor writes it. */
export interface PipelineFileNode {
  name: string;
  /** `src/file.ts#export` */
  func: string;
  inputs: string | string[] | Record<string, string> | null;
  outputs: string | string[] | Record<string, string> | null;
  tags?: string[];
  position?: { x: number; y: number };
}

export interface PipelineFile {
  nodes: PipelineFileNode[];
}

/** A loaded project folder. Loading validates everything that can be checked without running. */
export interface Project {
  root: string;
  env: string;
  /** Every registered pipeline by name, `__default__` included. */
  pipelines: Record<string, Pipeline>;
  /** parameters.yml (base, then env, then runtime overrides), merged deeply. */
  parameters: Record<string, unknown>;
  /** catalog.yml entries by name (base, then env), factory patterns included. */
  catalogConfig: Record<string, CatalogEntry>;
  /** A fresh catalog: configured datasets, `parameters` and every `params:` key, and the factory resolver. */
  createCatalog(options?: CatalogOptions): DataCatalog;
  /** Loads an export of a project module: `src/runner.ts#DryRunner`. */
  importExport(ref: string): Promise<unknown>;
  /** What a worker thread or process needs to load this same project. */
  ref(options?: CatalogOptions): ProjectRef;

  /** Catalog entry name → the catalog file that defines it (project-relative, after env overrides). */
  catalogSources: Record<string, string>;
  /**
   * Every catalog entry that cannot be built (unknown type, bad arguments) in one error, or
   * undefined. Only a run that uses such an entry is refused, with this error.
   */
  catalogError?: Error;
  /** Dataset factory patterns, most specific first. */
  datasetPatterns: string[];
  /** Pipeline name → where it is defined: `src/pipeline_registry.ts` or `pipelines/<name>.json`. */
  pipelineSources: Record<string, string>;
  /** The hooks of src/settings.ts (HOOKS), for every run of the project. */
  hooks: Hooks[];
  /** What the load warned about (see LoadProjectOptions.onWarning). */
  warnings: string[];
  /**
   * One dataset as the catalog would build it (a configured name or one matching a pattern);
   * `change` may alter its (filled) entry first, as reading a kept copy of a past output does.
   */
  createDataset(
    name: string,
    options?: CatalogOptions,
    change?: (entry: CatalogEntry) => CatalogEntry,
  ): AbstractDataset;
  /** Imports a project module by its project-relative path (`src/nodes.ts`). */
  importModule(path: string): Promise<Record<string, unknown>>;
}

/** An exported function of a project module, for the app's pipeline editor. */
export interface ProjectFunction {
  /** `src/file.ts#name` */
  ref: string;
  name: string;
  /** The function's declared parameter count (`Function.length`). */
  params: number;
}
