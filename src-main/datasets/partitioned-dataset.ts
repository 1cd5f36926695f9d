import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AbstractDataset, type IoInfo, type MaybePromise } from '../engine/catalog/abstract-dataset';
import { DatasetError, errorMessage } from '../engine/errors';
import { resolvePath } from './abstract-file-dataset';
import { fileSize, fileSizeAsync, fsReason, isDirectory } from './fs-atomic';
import { recoverSwaps, replaceFolder } from './partition-swap';
import { builtInDatasetClass, type DatasetClass } from './registry';
import { typeOf } from './text-dataset';

export type PartitionDatasetConfig =
  string | DatasetClass | ({ type: string | DatasetClass } & Record<string, unknown>);

export interface PartitionedDatasetOptions {
  /** The folder of partitions, relative to the project. */
  path: string;
  /** The type (or entry) of each partition's dataset. */
  dataset: PartitionDatasetConfig;
  /** Only files ending with this are partitions; it is not part of the partition id. */
  filename_suffix?: string;
  /** The argument of the partition dataset that receives the file path (default `filepath`). */
  filepath_arg?: string;
  /** Replace the existing partitions with those saved (Kedro's `overwrite`), all at once. */
  overwrite?: boolean;
  root?: string;
  load_args?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  versioned?: boolean;
}

/** Partition id → data, or a function returning it (lazy save, may be async). */
export type PartitionedSave = Record<string, unknown | (() => MaybePromise<unknown>)>;

/**
 * A folder of files of one type. Loads a record from partition id (the path under the folder,
 * '/'-separated, without the suffix) to a function that loads that partition; saves a record from
 * partition id to data. Each partition is written atomically by its own dataset; with `overwrite`,
 * the whole folder is replaced at once (partition-swap.ts), so it holds the old set or the new.
 */
export class PartitionedDataset extends AbstractDataset<Record<string, () => MaybePromise<unknown>>> {
  static acceptsRoot = true;
  readonly path: string;
  private readonly absPath: string;
  private readonly root: string | undefined;
  private readonly datasetClass: DatasetClass;
  private readonly datasetArgs: Record<string, unknown>;
  private readonly suffix: string;
  private readonly filepathArg: string;
  private readonly overwrite: boolean;
  private readonly io: { load?: IoInfo; save?: IoInfo } = {};

  constructor(options: PartitionedDatasetOptions) {
    super();
    const { abs, shown } = resolvePath(options.path, options.root, 'PartitionedDataset', 'path');
    if (options.versioned)
      throw new DatasetError('PartitionedDataset does not support versioning; remove `versioned: true`.');
    this.path = shown;
    this.absPath = abs;
    this.root = options.root;
    this.suffix = options.filename_suffix ?? '';
    this.filepathArg = options.filepath_arg ?? 'filepath';
    this.overwrite = Boolean(options.overwrite);
    const config = options.dataset;
    if (config === undefined || config === null)
      throw new DatasetError("PartitionedDataset needs a 'dataset': the type of each partition, e.g. CSVDataset.");
    const { type, ...args } = typeof config === 'object' ? config : { type: config };
    this.datasetClass =
      typeof type === 'function' ? type : builtInDatasetClass(String(type), 'the partitions of PartitionedDataset');
    if (args.versioned)
      throw new DatasetError(
        'PartitionedDataset does not support versioned partitions; remove `versioned: true` from its dataset.',
      );
    if (this.filepathArg in args) {
      throw new DatasetError(
        `PartitionedDataset sets '${this.filepathArg}' of each partition itself; remove it from the dataset's arguments.`,
      );
    }
    this.datasetArgs = args;
    this.partition('example'); // a bad partition config fails now, not mid-run
  }

  /** Partition ids, sorted. */
  partitionIds(): string[] {
    recoverSwaps(this.absPath);
    if (!isDirectory(this.absPath)) return [];
    const ids: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue; // hidden files, including in-flight atomic writes
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith(this.suffix)) {
          const rel = relative(this.absPath, full).split(sep).join('/');
          ids.push(this.suffix ? rel.slice(0, -this.suffix.length) : rel);
        }
      }
    };
    walk(this.absPath);
    return ids.sort();
  }

  load(): Record<string, () => MaybePromise<unknown>> {
    const ids = this.partitionIds();
    if (!ids.length)
      throw new DatasetError(
        `No partitions found in '${this.path}'${this.suffix ? ` (with suffix '${this.suffix}')` : ''}`,
      );
    const loaders: Record<string, () => MaybePromise<unknown>> = {};
    for (const id of ids) {
      const ds = this.partition(id);
      loaders[id] = () => ds.load();
    }
    const size = ids.reduce((total, id) => total + (fileSize(this.partitionFile(id)) ?? 0), 0);
    this.io.load = { path: this.absPath, size };
    return loaders;
  }

  async save(data: PartitionedSave): Promise<void> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new DatasetError(`PartitionedDataset saves a record from partition id to data, got ${typeOf(data)}`);
    }
    const ids = Object.keys(data).sort();
    for (const id of ids) checkPartitionId(id);
    recoverSwaps(this.absPath); // a dead writer's half-done swap is settled before this save adds to it
    const saveAll = async (folder: string) => {
      let size = 0;
      for (const id of ids) {
        const value = data[id];
        try {
          const resolved = typeof value === 'function' ? await (value as () => MaybePromise<unknown>)() : value;
          await this.partition(id, folder).save(resolved);
        } catch (err) {
          // Named by id: while the folder is replaced, the partition's own path is a hidden stand-in.
          throw new DatasetError(`Failed to save partition '${id}' of '${this.path}': ${errorMessage(err)}`, {
            cause: err,
          });
        }
        size += (await fileSizeAsync(this.partitionFile(id, folder))) ?? 0;
      }
      return size;
    };
    let size = 0;
    if (!this.overwrite) size = await saveAll(this.absPath);
    else {
      try {
        await replaceFolder(this.absPath, async (fresh) => void (size = await saveAll(fresh)));
      } catch (err) {
        if (err instanceof DatasetError) throw err;
        throw new DatasetError(`Failed to replace the partitions in '${this.path}': ${fsReason(err)}`, { cause: err });
      }
    }
    this.io.save = { path: this.absPath, size };
  }

  exists(): boolean {
    return this.partitionIds().length > 0;
  }

  ioInfo(kind: 'load' | 'save'): IoInfo | undefined {
    return this.io[kind];
  }

  describe(): Record<string, unknown> {
    return {
      path: this.path,
      dataset_type: this.datasetClass.name,
      dataset_args: Object.keys(this.datasetArgs).length ? this.datasetArgs : undefined,
      filename_suffix: this.suffix || undefined,
    };
  }

  private partitionFile(id: string, folder = this.absPath): string {
    return join(folder, ...id.split('/')) + this.suffix;
  }

  /** The dataset of one partition, in the folder or (while replacing it) in the folder's stand-in. */
  private partition(id: string, folder = this.absPath): AbstractDataset {
    const acceptsRoot = (this.datasetClass as { acceptsRoot?: boolean }).acceptsRoot;
    const inPlace = folder === this.absPath;
    const filepath = acceptsRoot && inPlace ? `${this.path}/${id}${this.suffix}` : this.partitionFile(id, folder);
    const args = { ...this.datasetArgs, [this.filepathArg]: filepath, ...(acceptsRoot ? { root: this.root } : {}) };
    return new this.datasetClass(args);
  }
}

function checkPartitionId(id: string): void {
  const parts = id.split('/');
  if (!id || id.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new DatasetError(
      `'${id}' is not a valid partition id: use a relative path with '/' between folders, without '.' or '..'.`,
    );
  }
}
