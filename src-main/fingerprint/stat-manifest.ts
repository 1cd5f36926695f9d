import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { JsonValue } from '../../src-shared/api-types';
import type { RunRequest } from '../../src-shared/run-request';
import { isEphemeral } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import { builtInDatasetTypes } from '../datasets/registry';
import { filesUnder } from '../project/files-under';
import type { FingerprintSource } from './changed-plan';
import { locateDataset } from './dataset-fingerprint';
import { isParameter, stableJson } from './node-fingerprint';
import { sameStats, statOf, type FileStat } from '../project/file-stats';

export const STAT_MANIFEST = join('.pipewright', 'changed-manifest.json');

/** What `stat` said of every file under the project (hidden folders and node_modules aside). */
export interface StatSnapshot {
  takenAt: number;
  files: Record<string, FileStat>;
}

/**
 * Written when a --changed plan found every node up to date: with the same request and every
 * file's stat unchanged since (stats taken before the project was loaded), the plan is the same.
 */
export interface StatManifest extends StatSnapshot {
  version: 1;
  key: string;
  /** Environment variables the configuration reads (`oc.env:`), with their values then. */
  envVars: Record<string, string | null>;
  pipelineName: string;
  env: string;
  parameters: Record<string, JsonValue>;
  /** Per node, the run it was up to date with. */
  upToDate: Array<{ node: string; runId: string }>;
}

/** The parts of a request that shape a --changed plan (not how the nodes would run). */
export function requestKey(request: RunRequest): string {
  const {
    projectRoot: _root,
    commandLine: _line,
    runner: _runner,
    isAsync: _async,
    maxWorkers: _workers,
    maxWorkerMemory: _memory,
    changed: _changed,
    ...rest
  } = request;
  return stableJson({ ...rest, pipeline: rest.pipeline ?? '__default__', env: request.env ?? 'local' });
}

// The SQLite wal-index changes when the database is only read.
const watched = (path: string) => !path.endsWith('-shm');

/** Stats every file under `root`; taken before the project is loaded, so a later edit shows. */
export function takeSnapshot(root: string): StatSnapshot {
  const takenAt = Date.now();
  const files: Record<string, FileStat> = {};
  for (const file of filesUnder(root, watched)) {
    const stat = statOf(file); // one removed meanwhile is absent, so the snapshot differs from any recorded one
    if (stat) files[relative(root, file).split(sep).join('/')] = stat;
  }
  return { takenAt, files };
}

const ENV_REF = /oc\.env:\s*([A-Za-z_][A-Za-z0-9_]*)/g;

function envVarsRead(root: string, files: Iterable<string>): Record<string, string | null> {
  const vars: Record<string, string | null> = {};
  for (const file of files) {
    if (!file.startsWith('conf/') || !/credentials[^/]*\.ya?ml$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(ENV_REF)) vars[m[1]] = process.env[m[1]] ?? null;
  }
  return vars;
}

export interface ManifestCheck {
  snapshot: StatSnapshot;
  /** Set when nothing is to run. */
  manifest?: StatManifest;
}

/**
 * Whether a --changed request is known to have nothing to run without loading the project: the
 * manifest's request, environment variables and history records match, no file it saw could have
 * changed within its timestamps' granularity, and every file's stat is as it recorded. The
 * snapshot is the one the next manifest records.
 */
export function checkManifest(root: string, request: RunRequest, history: FingerprintSource): ManifestCheck {
  const snapshot = takeSnapshot(root);
  const manifest = readManifest(root);
  if (!manifest || manifest.key !== requestKey(request)) return { snapshot };
  for (const [name, value] of Object.entries(manifest.envVars))
    if ((process.env[name] ?? null) !== value) return { snapshot };
  if (!sameStats(manifest.files, snapshot.files, manifest.takenAt)) return { snapshot };
  const last = history.lastSuccess(manifest.upToDate.map((u) => u.node));
  if (manifest.upToDate.some((u) => last.get(u.node)?.runId !== u.runId)) return { snapshot };
  return { snapshot, manifest };
}

function readManifest(root: string): StatManifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(root, STAT_MANIFEST), 'utf8')) as StatManifest;
    return parsed && parsed.version === 1 && typeof parsed.key === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a plan of `pipeline` cannot be known from file stats alone: a dataset whose data is not a
 * file or table inside the project, or whose class is the project's own (it may read anything).
 */
export function statBlocker(root: string, pipeline: Pipeline, catalog: DataCatalog): string | undefined {
  const builtIn = new Set<unknown>(Object.values(builtInDatasetTypes()));
  const inside = (path: string) => !relative(root, path).startsWith('..') && !relative(root, path).startsWith(sep);
  for (const name of [...pipeline.datasets()].sort()) {
    if (isParameter(name) || !catalog.has(name)) continue;
    const ds = catalog.getDataset(name);
    if (isEphemeral(ds)) continue;
    if (!builtIn.has(ds.constructor)) return `dataset '${name}' is of the project's own type ${ds.typeName}`;
    const where = locateDataset(ds, root);
    const path = where?.kind === 'path' ? where.path : where?.file;
    if (!path) return `dataset '${name}' (${ds.typeName}) has no file to stat`;
    if (!inside(path)) return `dataset '${name}' is outside the project (${path})`;
  }
  return undefined;
}

export interface ManifestDraft {
  request: RunRequest;
  snapshot: StatSnapshot;
  pipelineName: string;
  env: string;
  parameters: Record<string, JsonValue>;
}

/** Records that `draft.request` had nothing to run as of its snapshot. */
export function writeManifest(root: string, draft: ManifestDraft, upToDate: StatManifest['upToDate']): void {
  const manifest: StatManifest = {
    version: 1,
    key: requestKey(draft.request),
    envVars: envVarsRead(root, Object.keys(draft.snapshot.files)),
    pipelineName: draft.pipelineName,
    env: draft.env,
    parameters: draft.parameters,
    upToDate,
    ...draft.snapshot,
  };
  const target = join(root, STAT_MANIFEST);
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(join(root, '.pipewright'), { recursive: true });
    writeFileSync(temp, JSON.stringify(manifest));
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true }); // a read-only project plans from the project every time
  }
}

/** A plan that runs something: no manifest stands for this project until one finds nothing to run. */
export function dropManifest(root: string): void {
  rmSync(join(root, STAT_MANIFEST), { force: true });
}
