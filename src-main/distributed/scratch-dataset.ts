// Where a distributed run keeps the datasets the catalog does not register: one file per dataset
// in the run's scratch folder on shared storage (as Dask's _DaskDataset and kedro-vertexai's runner
// dataset do), so free outputs resolve and a resume finds them without re-running their producers.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { ownedPathBeside } from '../datasets/temp-owner';
import { AbstractDataset, type IoInfo } from '../engine/catalog/abstract-dataset';
import { DatasetError } from '../engine/errors';

/** The scratch root: `scratch:` of pipewright.yml, else `.pipewright/scratch` of the project. */
export const DEFAULT_SCRATCH = '.pipewright/scratch';

/** A run's scratch folder as jobs carry it: relative paths resolve against each worker's project. */
export function runScratch(scratchRoot: string, runId: string): string {
  return join(scratchRoot, runId);
}

export function resolveScratch(projectRoot: string, scratch: string): string {
  return isAbsolute(scratch) ? scratch : join(projectRoot, scratch);
}

export function scratchFile(folder: string, dataset: string): string {
  return join(folder, `${encodeURIComponent(dataset)}.v8`);
}

/**
 * The latest earlier run (run ids sort by time) whose scratch folder holds `dataset`: where a
 * resumed run reads an unregistered input its first run wrote.
 */
export function findInEarlierRun(scratchRootAbs: string, dataset: string, before: string): string | undefined {
  let runs: string[];
  try {
    runs = readdirSync(scratchRootAbs).filter((r) => r < before);
  } catch {
    return undefined;
  }
  const file = `${encodeURIComponent(dataset)}.v8`;
  for (const run of runs.sort().reverse()) {
    try {
      if (readdirSync(join(scratchRootAbs, run)).includes(file)) return run;
    } catch {
      // not a folder
    }
  }
  return undefined;
}

/** Values that survive v8.serialize as they are: plain data, not class instances (their methods would be lost). */
function checkPlain(value: unknown, name: string, path = ''): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol')
      throw new DatasetError(`${name}${path}: a ${typeof value} cannot be written to the scratch folder.`);
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp)
    return;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) value.forEach((v, i) => checkPlain(v, name, `${path}[${i}]`));
  else if (value instanceof Map || value instanceof Set) return;
  else if (proto === Object.prototype || proto === null)
    for (const [k, v] of Object.entries(value)) checkPlain(v, name, `${path}.${k}`);
  else {
    throw new DatasetError(
      `Dataset '${name}'${path ? ` (at ${path.slice(1)})` : ''} holds a ${proto?.constructor?.name ?? 'class'} instance, which cannot pass between machines through the scratch folder. Register '${name}' in catalog.yml with a dataset type that saves it (a table: pandas.ParquetDataset), on shared storage.`,
    );
  }
}

export interface ScratchOptions {
  /**
   * Read and write with blocking calls: a `pipewright worker` does nothing else meanwhile, and one
   * call costs less than the four or five hops to libuv's threads of the promise API.
   */
  sync?: boolean;
}

export class ScratchDataset extends AbstractDataset {
  private last: IoInfo | undefined;

  constructor(
    readonly filepath: string,
    private readonly name: string,
    private readonly options: ScratchOptions = {},
  ) {
    super();
  }

  async load(): Promise<unknown> {
    let bytes: Buffer;
    try {
      bytes = this.options.sync ? readFileSync(this.filepath) : await readFile(this.filepath);
    } catch (err) {
      throw new DatasetError(
        `Dataset '${this.name}' has no data in the scratch folder (${this.filepath}): ${(err as Error).message}`,
      );
    }
    this.last = { path: this.filepath, size: bytes.length };
    return deserialize(bytes);
  }

  async save(data: unknown): Promise<void> {
    checkPlain(data, this.name);
    const bytes = serialize(data);
    // Atomic (a temp file renamed into place), not synced: a job whose machine loses power is run again.
    const temp = ownedPathBeside(this.filepath, 'tmp');
    if (this.options.sync) return this.saveSync(temp, bytes);
    await mkdir(dirname(this.filepath), { recursive: true });
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, this.filepath);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    this.last = { path: this.filepath, size: bytes.length };
  }

  private saveSync(temp: string, bytes: Buffer): void {
    mkdirSync(dirname(this.filepath), { recursive: true });
    try {
      writeFileSync(temp, bytes, { flag: 'wx' });
      renameSync(temp, this.filepath);
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
    this.last = { path: this.filepath, size: bytes.length };
  }

  async exists(): Promise<boolean> {
    return stat(this.filepath).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  describe(): Record<string, unknown> {
    return { filepath: this.filepath };
  }

  ioInfo(): IoInfo | undefined {
    return this.last;
  }
}
