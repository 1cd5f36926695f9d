import { isAbsolute, resolve } from 'node:path';
import { AbstractDataset, type IoInfo } from '../engine/catalog/abstract-dataset';
import { DatasetError, VersionNotFoundError } from '../engine/errors';
import { atomicWriteAsync, fileSizeAsync, fsReason, isFile } from './fs-atomic';
import { VersionedPath, type Version } from './versioning';

/** The constructor object of a file dataset: Kedro's keys, plus the project root. */
export interface FileDatasetOptions {
  filepath: string;
  /** The project root; a relative `filepath` is resolved against it (default: the working directory). */
  root?: string;
  load_args?: Record<string, unknown>;
  save_args?: Record<string, unknown>;
  versioned?: boolean;
  /** Set by the catalog for versioned datasets: the pinned load version and the run's save version. */
  version?: Version;
  metadata?: Record<string, unknown>;
}

/** Resolves a dataset path: absolute for IO, as written for messages. */
export function resolvePath(
  path: unknown,
  root: string | undefined,
  type: string,
  key = 'filepath',
): { abs: string; shown: string } {
  if (typeof path !== 'string' || path === '') {
    throw new DatasetError(`${type} needs a '${key}' (a path relative to the project), got ${JSON.stringify(path)}.`);
  }
  return { abs: isAbsolute(path) ? path : resolve(root ?? process.cwd(), path), shown: path };
}

export function asArgs(value: unknown, type: string, key: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DatasetError(`${type}: '${key}' must be a mapping, got ${JSON.stringify(value)}.`);
  }
  return { ...(value as Record<string, unknown>) };
}

/**
 * A dataset stored in one file, optionally versioned. Subclasses turn bytes into data (`read`) and
 * data into bytes (`encode`); this class finds the path, writes atomically, versions, and keeps
 * what the run events report.
 */
export abstract class AbstractFileDataset<T = unknown> extends AbstractDataset<T> {
  /** The catalog passes `root` (and keeps `filepath` relative) to classes that set this. */
  static acceptsRoot = true;

  readonly filepath: string;
  protected readonly absPath: string;
  protected readonly loadArgs: Record<string, unknown>;
  protected readonly saveArgs: Record<string, unknown>;
  protected readonly versioning: VersionedPath | undefined;
  readonly metadata: Record<string, unknown> | undefined;
  private readonly io: { load?: IoInfo; save?: IoInfo } = {};

  constructor(
    options: FileDatasetOptions,
    defaults: { load_args?: Record<string, unknown>; save_args?: Record<string, unknown> } = {},
  ) {
    super();
    const type = new.target.name;
    if (!options || typeof options !== 'object')
      throw new DatasetError(`${type} is constructed with one options object, such as { filepath }.`);
    const { abs, shown } = resolvePath(options.filepath, options.root, type);
    this.filepath = shown;
    this.absPath = abs;
    this.loadArgs = { ...defaults.load_args, ...asArgs(options.load_args, type, 'load_args') };
    this.saveArgs = { ...defaults.save_args, ...asArgs(options.save_args, type, 'save_args') };
    this.metadata = options.metadata;
    this.versioning = options.versioned
      ? new VersionedPath(abs, shown, options.version ?? {}, () => this.toString())
      : undefined;
  }

  /** Reads the data from an absolute path. Throw plain errors; they are reported with the path. */
  protected abstract read(path: string): T | Promise<T>;
  /** Turns the data into the file's bytes. Runs before anything is written. A DatasetError is passed on as it is. */
  protected abstract encode(data: T): string | Uint8Array | Promise<string | Uint8Array>;

  /** Writes the encoded data; the default is an asynchronous atomic file write. */
  protected write(path: string, bytes: string | Uint8Array): void | Promise<void> {
    return atomicWriteAsync(path, bytes);
  }

  async load(): Promise<T> {
    const { path, shown, version } = await this.loadTargetAsync();
    // The size is asked for alongside the read, not after it: a load ends when its own data is ready.
    const size = fileSizeAsync(path);
    let data: T;
    try {
      data = await this.read(path);
    } catch (err) {
      throw new DatasetError(`Failed to load ${shown}: ${fsReason(err)}`, { cause: err });
    }
    this.io.load = { path, version, size: await size };
    return data;
  }

  async save(data: T): Promise<void> {
    let bytes: string | Uint8Array;
    try {
      bytes = await this.encode(data);
    } catch (err) {
      if (err instanceof DatasetError) throw err; // already names the dataset
      throw new DatasetError(`Failed to save to ${this.filepath}: ${fsReason(err)}`, { cause: err });
    }
    const target = this.versioning ? await this.versioning.savePath() : { path: this.absPath, version: undefined };
    const shown = target.version ? this.versioning!.shownFor(target.version) : this.filepath;
    try {
      await this.write(target.path, bytes);
    } catch (err) {
      throw new DatasetError(`Failed to save to ${shown}: ${fsReason(err)}`, { cause: err });
    }
    this.io.save = { path: target.path, version: target.version, size: await fileSizeAsync(target.path) };
  }

  exists(): boolean {
    if (!this.versioning) return isFile(this.absPath);
    try {
      return isFile(this.versioning.pathFor(this.versioning.loadVersion()));
    } catch (err) {
      if (err instanceof VersionNotFoundError) return false;
      throw err;
    }
  }

  /** Saved versions, newest first; empty for an unversioned dataset. */
  versions(): string[] {
    return this.versioning ? this.versioning.list() : [];
  }

  /** The absolute path the next load reads (the resolved version for a versioned dataset). */
  loadPath(): string {
    return this.loadTarget().path;
  }

  ioInfo(kind: 'load' | 'save'): IoInfo | undefined {
    return this.io[kind];
  }

  describe(): Record<string, unknown> {
    const d: Record<string, unknown> = { filepath: this.filepath };
    if (Object.keys(this.loadArgs).length) d.load_args = this.loadArgs;
    if (Object.keys(this.saveArgs).length) d.save_args = this.saveArgs;
    if (this.versioning)
      d.version = { load: this.versioning.pinnedLoad ?? null, save: this.versioning.pinnedSave ?? null };
    return d;
  }

  private loadTarget(): { path: string; shown: string; version?: string } {
    if (!this.versioning) return { path: this.absPath, shown: this.filepath };
    const version = this.versioning.loadVersion();
    return { path: this.versioning.pathFor(version), shown: this.versioning.shownFor(version), version };
  }

  private async loadTargetAsync(): Promise<{ path: string; shown: string; version?: string }> {
    if (!this.versioning) return { path: this.absPath, shown: this.filepath };
    const version = await this.versioning.loadVersionAsync();
    return { path: this.versioning.pathFor(version), shown: this.versioning.shownFor(version), version };
  }
}
