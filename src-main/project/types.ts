import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import type { ProjectRef } from '../engine/runner/run-context';

export interface LoadProjectOptions {
  /** Reads conf/<env> over conf/base; default "local". */
  env?: string;
  /** `--params` overrides, merged over parameters.yml (dotted keys already expanded). */
  runtimeParams?: Record<string, unknown>;
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
}
