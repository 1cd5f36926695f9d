import { mkdirSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { ColumnSchema } from '../../src-shared/run-events';
import type { ContentHash } from './hash';
import { racy } from '../project/file-stats';

export const FILE_HASHES = join('.pipewright', 'file-hashes.json');

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** When the file was hashed: a file changed in the same clock tick as that would look unchanged. */
  hashedAt: number;
  hash: string;
}

/** A SQLite table's fingerprint, kept by the stats of its database file and of the file's WAL. */
interface TableEntry {
  /** size, mtime, ctime, inode of each file; a missing WAL is all -1. */
  stats: number[][];
  hashedAt: number;
  fp: TableFingerprint;
}

export interface TableFingerprint {
  hash: string;
  bytes: number;
  rows: number;
  schema: ColumnSchema[];
}

/** Past this many entries, only those of the current session are written back. */
const MAX_ENTRIES = 20_000;

/**
 * The content hashes of files as they were last hashed, with what `stat` said of them then, in
 * `.pipewright/file-hashes.json`: a file whose size, inode, mtime and ctime are unchanged is not
 * read again. A file modified within the timestamp granularity of its hashing (racy: it may have
 * changed without its times showing it) is always hashed again. Losing the file only costs reads.
 */
export class FileHashCache {
  private readonly entries: Record<string, Entry | TableEntry>;
  private readonly touched = new Set<string>();
  private dirty = false;

  constructor(private readonly root: string) {
    let entries: Record<string, Entry | TableEntry> = {};
    try {
      const parsed = JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        entries = parsed as Record<string, Entry | TableEntry>;
    } catch {
      // none yet, or unreadable: every file is hashed
    }
    this.entries = entries;
  }

  /** The recorded hash of `file` if `info` shows it unchanged since it was hashed. */
  lookup(file: string, info: Stats): ContentHash | undefined {
    const e = this.entries[file];
    if (!e || !('hash' in e) || typeof e.hash !== 'string') return undefined;
    if (e.size !== info.size || e.ino !== info.ino || e.mtimeMs !== info.mtimeMs || e.ctimeMs !== info.ctimeMs)
      return undefined;
    if (racy(e.mtimeMs, e.ctimeMs, e.hashedAt)) return undefined;
    this.touched.add(file);
    return { hash: e.hash, bytes: info.size };
  }

  /** Records `file`'s hash, as `info` (taken before it was read) describes it. */
  record(file: string, info: Stats, hashedAt: number, hash: string): void {
    this.entries[file] = {
      size: info.size,
      mtimeMs: info.mtimeMs,
      ctimeMs: info.ctimeMs,
      ino: info.ino,
      hashedAt,
      hash,
    };
    this.touched.add(file);
    this.dirty = true;
  }

  /**
   * The recorded fingerprint of table `key` if the stats of its files (`stats`: the database
   * file's, then its WAL's) are those it was read with, and not racy.
   */
  lookupTable(key: string, stats: number[][]): TableFingerprint | undefined {
    const e = this.entries[key];
    if (!e || !('fp' in e) || !Array.isArray(e.stats)) return undefined;
    if (JSON.stringify(e.stats) !== JSON.stringify(stats)) return undefined;
    if (stats.some(([, mtimeMs, ctimeMs]) => mtimeMs >= 0 && racy(mtimeMs, ctimeMs, e.hashedAt))) return undefined;
    this.touched.add(key);
    return e.fp;
  }

  /** Records table `key`'s fingerprint, read after `stats` were taken and at `hashedAt`. */
  recordTable(key: string, stats: number[][], hashedAt: number, fp: TableFingerprint): void {
    this.entries[key] = { stats, hashedAt, fp };
    this.touched.add(key);
    this.dirty = true;
  }

  /** Writes the records back (temp and rename: a reader sees the old or the new, never half). */
  save(): void {
    if (!this.dirty) return;
    let kept = this.entries;
    if (Object.keys(kept).length > MAX_ENTRIES)
      kept = Object.fromEntries([...this.touched].map((f) => [f, this.entries[f]]));
    const target = join(this.root, FILE_HASHES);
    const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
    try {
      mkdirSync(join(this.root, '.pipewright'), { recursive: true });
      writeFileSync(temp, JSON.stringify(kept));
      renameSync(temp, target);
      this.dirty = false;
    } catch {
      // a read-only project: files are hashed every time
    }
  }
}
