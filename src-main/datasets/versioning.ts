import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DatasetError, VersionNotFoundError } from '../engine/errors';
import { timestampVersion } from '../engine/runner/run-context';
import { isFile, isFileAsync } from './fs-atomic';

/** Kedro's Version(load, save): a pinned load version, and the version this run saves under. */
export interface Version {
  load?: string;
  save?: string;
}

/** A version names a folder: no separators, no `.` or `..`. */
export function checkVersionString(version: string): void {
  if (!version || /[\\/]/.test(version) || version === '.' || version === '..') {
    throw new DatasetError(
      `Version string '${version}' is not allowed: a version is a folder name such as 2024-01-31T09.30.00.000Z.`,
    );
  }
}

/**
 * Kedro's versioned layout, `<filepath>/<version>/<file name>`, for one dataset. `describe` is the
 * dataset's own rendering, used in messages as Kedro does.
 */
export class VersionedPath {
  private generatedSave: string | undefined;

  constructor(
    /** The absolute `<filepath>`, a folder of versions. */
    readonly base: string,
    /** `<filepath>` as the user wrote it, for messages. */
    readonly shown: string,
    private readonly version: Version,
    private readonly describe: () => string,
  ) {
    if (version.load !== undefined) checkVersionString(version.load);
    if (version.save !== undefined) checkVersionString(version.save);
  }

  pathFor(version: string): string {
    return join(this.base, version, basename(this.base));
  }

  shownFor(version: string): string {
    return `${this.shown}/${version}/${basename(this.shown)}`;
  }

  /** Versions that hold the file, newest first (versions sort as text). */
  list(): string[] {
    let entries: string[];
    try {
      entries = readdirSync(this.base);
    } catch {
      return [];
    }
    return newestFirst(entries.filter((v) => !v.startsWith('.') && isFile(this.pathFor(v))));
  }

  /** `list`, without blocking: it runs on every load of a versioned dataset. */
  async listAsync(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.base);
    } catch {
      return [];
    }
    const candidates = entries.filter((v) => !v.startsWith('.'));
    const hold = await Promise.all(candidates.map((v) => isFileAsync(this.pathFor(v))));
    return newestFirst(candidates.filter((_, i) => hold[i]));
  }

  /** The pinned load version, else the newest. */
  loadVersion(): string {
    const pinned = this.version.load;
    if (pinned !== undefined) {
      if (!isFile(this.pathFor(pinned))) throw this.pinnedNotFound(pinned, this.list());
      return pinned;
    }
    return this.newest(this.list());
  }

  /** `loadVersion`, without blocking. */
  async loadVersionAsync(): Promise<string> {
    const pinned = this.version.load;
    if (pinned !== undefined) {
      if (!(await isFileAsync(this.pathFor(pinned)))) throw this.pinnedNotFound(pinned, await this.listAsync());
      return pinned;
    }
    return this.newest(await this.listAsync());
  }

  /** The run's save version, else one made on first save and kept, as Kedro does. */
  saveVersion(): string {
    if (this.version.save !== undefined) return this.version.save;
    this.generatedSave ??= timestampVersion();
    return this.generatedSave;
  }

  /** The path to save to; refuses to overwrite an existing version. */
  async savePath(): Promise<{ path: string; version: string }> {
    const version = this.saveVersion();
    const path = this.pathFor(version);
    if (await isFileAsync(path)) {
      throw new DatasetError(
        `Save path '${this.shownFor(version)}' for ${this.describe()} must not exist if versioning is enabled.`,
      );
    }
    return { path, version };
  }

  private pinnedNotFound(pinned: string, available: string[]): VersionNotFoundError {
    return new VersionNotFoundError(
      `Version '${pinned}' of ${this.shown} not found (${this.shownFor(pinned)} does not exist). ${
        available.length
          ? `Available versions, newest first: ${available.slice(0, 5).join(', ')}`
          : 'There are no versions yet.'
      }`,
    );
  }

  private newest(versions: string[]): string {
    if (versions[0] === undefined) throw new VersionNotFoundError(`Did not find any versions for ${this.describe()}`);
    return versions[0];
  }

  get pinnedLoad(): string | undefined {
    return this.version.load;
  }

  get pinnedSave(): string | undefined {
    return this.version.save;
  }
}

const newestFirst = (versions: string[]) => versions.sort().reverse();
