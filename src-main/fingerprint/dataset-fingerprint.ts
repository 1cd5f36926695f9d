import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isEphemeral, type AbstractDataset } from '../engine/catalog/abstract-dataset';
import type { ColumnSchema } from '../../src-shared/run-events';
import type { TableFingerprint } from './file-hash-cache';
import { hashParts, hashPath, type HashCache } from './hash';

/** A cache that also keeps SQLite tables' fingerprints by their files' stats (FileHashCache). */
interface TableCache {
  lookupTable(key: string, stats: number[][]): TableFingerprint | undefined;
  recordTable(key: string, stats: number[][], hashedAt: number, fp: TableFingerprint): void;
}

/** What a dataset's data is, as the history records it: enough to tell whether it changed. */
export interface DatasetFingerprint {
  hash: string;
  bytes: number;
  rows?: number;
  schema?: ColumnSchema[];
}

/** Where a persisted dataset keeps its data: a file or folder, or a table in a SQLite file. */
export type DatasetLocation = { kind: 'path'; path: string } | { kind: 'sql'; file: string; table: string };

interface Locatable {
  loadPath?: () => string | undefined;
  describe(): Record<string, unknown>;
}

/**
 * Where `ds` reads its data from, or undefined for datasets kept in memory or elsewhere (an API):
 * those have no content to hash. A versioned dataset is located at the version it would load.
 */
export function locateDataset(ds: AbstractDataset, root: string): DatasetLocation | undefined {
  if (isEphemeral(ds)) return undefined;
  const d = ds.describe();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  if (typeof d.table_name === 'string' && typeof d.filepath === 'string')
    return { kind: 'sql', file: abs(d.filepath), table: d.table_name };
  const located = ds as unknown as Locatable;
  if (typeof located.loadPath === 'function') {
    try {
      const path = located.loadPath();
      if (path) return { kind: 'path', path };
    } catch {
      return undefined; // a versioned dataset with no version saved yet
    }
  }
  const path = typeof d.filepath === 'string' ? d.filepath : typeof d.path === 'string' ? d.path : undefined;
  return path ? { kind: 'path', path: abs(path) } : undefined;
}

/** The fingerprint of the data at `location` now, or undefined when there is none. */
export async function fingerprintLocation(
  location: DatasetLocation,
  cache?: HashCache & Partial<TableCache>,
): Promise<DatasetFingerprint | undefined> {
  if (location.kind === 'path') return hashPath(location.path, cache);
  if (!cache?.lookupTable || !cache.recordTable) return fingerprintSqlTable(location.file, location.table);
  const stats = sqliteStats(location.file);
  if (!stats) return undefined;
  const key = `sql:${location.file}#${location.table}`;
  const known = cache.lookupTable(key, stats);
  if (known) return known;
  const hashedAt = Date.now();
  const fp = await fingerprintSqlTable(location.file, location.table);
  if (fp?.rows !== undefined && fp.schema)
    cache.recordTable(key, stats, hashedAt, { ...fp, rows: fp.rows, schema: fp.schema });
  return fp;
}

/**
 * What `stat` says of a SQLite database and of its WAL (where committed rows wait for a
 * checkpoint): a write changes one of them. Undefined when the database does not exist.
 */
function sqliteStats(file: string): number[][] | undefined {
  const of = (path: string) => {
    const s = statSync(path, { throwIfNoEntry: false });
    return s && [s.size, s.mtimeMs, s.ctimeMs, s.ino];
  };
  const db = of(file);
  return db && [db, of(`${file}-wal`) ?? [-1, -1, -1, -1]];
}

/**
 * A SQLite table by its content (schema and rows in rowid order), not by the file's bytes: the
 * file also holds other tables, free pages and, in WAL mode, may not yet hold the rows at all.
 */
async function fingerprintSqlTable(file: string, table: string): Promise<DatasetFingerprint | undefined> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  } catch {
    return undefined;
  }
  try {
    const columns = db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as Array<{ name: string; type: string }>;
    if (!columns.length) return undefined;
    const schema = columns.map((c) => ({ name: c.name, type: c.type || 'ANY' }));
    const parts = [JSON.stringify(schema)];
    let rows = 0;
    let bytes = 0;
    for (const row of db
      .prepare(`SELECT * FROM ${quoteId(table)}`)
      .raw()
      .iterate()) {
      const text = JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      parts.push(text);
      bytes += text.length;
      rows++;
    }
    return { hash: await hashParts(parts), bytes, rows, schema };
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
