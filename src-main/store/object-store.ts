import { constants, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, cp, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreConfig } from './store-config';

export const OBJECTS_DIR = join('.pipewright', 'objects');

/**
 * How an output is kept: a file's bytes, a folder (partitions) as it was, a table's rows as JSON;
 * a memory dataset's value (v8-serialised) is kept under its producer's fingerprint instead.
 */
export type ObjectKind = 'file' | 'folder' | 'rows' | 'value';

/** What `put` did: kept it (or found it kept already), or left it out for its size. */
export type PutResult = 'stored' | 'deduplicated' | 'too-large';

export interface StoredObject {
  hash: string;
  kind: ObjectKind;
  path: string;
  bytes: number;
  /** When it was stored or last written again by a run (the eviction order). */
  usedAt: number;
}

const SUFFIX: Record<ObjectKind, string> = { file: '', folder: '.d', rows: '.rows.json', value: '.v8' };

let temps = 0;

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += sizeOf(join(path, entry));
  return total;
}

/**
 * `.pipewright/objects/`: the outputs runs saved, by content hash, so that an output a later run
 * saves unchanged costs nothing more, and a past run's output can be shown as it was written.
 * Objects are written under a temporary name and renamed, so a reader never sees half of one.
 */
export class ObjectStore {
  readonly dir: string;

  constructor(
    root: string,
    readonly config: StoreConfig,
  ) {
    this.dir = join(root, OBJECTS_DIR);
  }

  private pathFor(hash: string, kind: ObjectKind): string {
    return join(this.dir, hash.slice(0, 2), hash + SUFFIX[kind]);
  }

  /**
   * Keeps the file or folder at `source` (or, for rows and values, the bytes given) under `hash`.
   * Asynchronous, so that a run's nodes go on meanwhile; a file is cloned where the filesystem can
   * (copy-on-write), else copied.
   */
  async put(hash: string, kind: ObjectKind, source: string | Uint8Array, bytes: number): Promise<PutResult> {
    if (bytes > this.config.maxObjectBytes || bytes > this.config.maxBytes) return 'too-large';
    const target = this.pathFor(hash, kind);
    if (existsSync(target)) {
      const now = new Date();
      await utimes(target, now, now).catch(() => undefined);
      return 'deduplicated';
    }
    await mkdir(join(target, '..'), { recursive: true });
    const temp = `${target}.tmp-${process.pid}-${Date.now()}-${temps++}`;
    try {
      if (typeof source !== 'string' || kind === 'rows') await writeFile(temp, source);
      else if (kind === 'folder') await cp(source, temp, { recursive: true });
      else await copyFile(source, temp, constants.COPYFILE_FICLONE);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      // Another process stored the same content meanwhile: that is the object.
      if (existsSync(target)) return 'deduplicated';
      throw err;
    }
    return 'stored';
  }

  /** Where the value kept under `key` is, or undefined when there is none. */
  valuePath(key: string): string | undefined {
    const path = this.pathFor(key, 'value');
    return existsSync(path) ? path : undefined;
  }

  /** The kept object of `hash`, or undefined when it was never kept or has been evicted. */
  get(hash: string): StoredObject | undefined {
    for (const kind of ['file', 'folder', 'rows'] as const) {
      const path = this.pathFor(hash, kind);
      if (!existsSync(path)) continue;
      const info = statSync(path);
      return { hash, kind, path, bytes: info.isDirectory() ? sizeOf(path) : info.size, usedAt: info.mtimeMs };
    }
    return undefined;
  }

  /** Every kept object, oldest first. */
  list(): StoredObject[] {
    if (!existsSync(this.dir)) return [];
    const out: StoredObject[] = [];
    for (const shard of readdirSync(this.dir)) {
      const folder = join(this.dir, shard);
      if (!statSync(folder).isDirectory()) continue;
      for (const name of readdirSync(folder)) {
        const m = /^([0-9a-f]{16})(\.d|\.rows\.json|\.v8)?$/.exec(name);
        const path = join(folder, name);
        if (!m) {
          // A temporary left by a writer that died, once it is old enough not to be in use.
          if (/\.tmp-/.test(name) && Date.now() - statSync(path).mtimeMs > 3_600_000)
            rmSync(path, { recursive: true, force: true });
          continue;
        }
        const kind: ObjectKind = m[2] === '.d' ? 'folder' : m[2] === '.v8' ? 'value' : m[2] ? 'rows' : 'file';
        const info = statSync(path);
        out.push({
          hash: m[1],
          kind,
          path,
          bytes: info.isDirectory() ? sizeOf(path) : info.size,
          usedAt: info.mtimeMs,
        });
      }
    }
    return out.sort((a, b) => a.usedAt - b.usedAt);
  }

  /**
   * Evicts the oldest objects until the store fits its budget, and every output `keep` refuses
   * (one no run of the history refers to any more; kept values go by the budget only, as no run
   * refers to them by hash). Returns what went and what stays.
   */
  gc(keep: (hash: string) => boolean = () => true): { removed: StoredObject[]; keptBytes: number } {
    const objects = this.list();
    const removed: StoredObject[] = [];
    let total = objects.reduce((a, o) => a + o.bytes, 0);
    for (const o of objects) {
      if (total <= this.config.maxBytes && (o.kind === 'value' || keep(o.hash))) continue;
      rmSync(o.path, { recursive: true, force: true });
      removed.push(o);
      total -= o.bytes;
    }
    return { removed, keptBytes: total };
  }
}
