import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AbstractDataset, type IoInfo } from '../engine/catalog/abstract-dataset';
import { DatasetError } from '../engine/errors';
import { asArgs, resolvePath } from './abstract-file-dataset';
import { fileSize, fsReason, isFile } from './fs-atomic';
import { typeOf } from './text-dataset';

export interface SQLTableDatasetOptions {
  /** The SQLite file (relative to the project). Kedro's `credentials: { con: sqlite:///path }` also works. */
  filepath?: string;
  credentials?: { con?: string };
  table_name: string;
  root?: string;
  load_args?: Record<string, unknown>;
  /** `if_exists`: replace (default), append or fail. */
  save_args?: { if_exists?: 'replace' | 'append' | 'fail' } & Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

type Row = Record<string, unknown>;
const BUSY_TIMEOUT_MS = 30_000;
/** How long to wait before opening again when SQLite says the file is busy, and what the wait sleeps on. */
const RETRY_MS = 20;
const RETRY_CLOCK = new Int32Array(new SharedArrayBuffer(4));
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A table in a SQLite file. Loads the rows as records; saves records in one transaction, so a
 * failed save leaves the table as it was, and concurrent saves (several runs) take turns: each
 * replace or append is whole. Columns come from the records' keys.
 */
export class SQLTableDataset extends AbstractDataset<Row[]> {
  static acceptsRoot = true;
  readonly filepath: string;
  readonly tableName: string;
  private readonly absPath: string;
  private readonly loadArgs: Record<string, unknown>;
  private readonly saveArgs: Record<string, unknown>;
  private readonly io: { load?: IoInfo; save?: IoInfo } = {};

  constructor(options: SQLTableDatasetOptions & { versioned?: boolean }) {
    super();
    const con = options.credentials?.con;
    const file = options.filepath ?? (typeof con === 'string' ? con.replace(/^sqlite:\/\/\//, '') : undefined);
    const { abs, shown } = resolvePath(file, options.root, 'SQLTableDataset');
    if (typeof options.table_name !== 'string' || !options.table_name) {
      throw new DatasetError(`SQLTableDataset needs a 'table_name', got ${JSON.stringify(options.table_name)}.`);
    }
    if (options.versioned)
      throw new DatasetError('SQLTableDataset does not support versioning; remove `versioned: true`.');
    this.filepath = shown;
    this.absPath = abs;
    this.tableName = options.table_name;
    this.loadArgs = asArgs(options.load_args, 'SQLTableDataset', 'load_args');
    this.saveArgs = { if_exists: 'replace', ...asArgs(options.save_args, 'SQLTableDataset', 'save_args') };
    const mode = this.saveArgs.if_exists;
    if (!['replace', 'append', 'fail'].includes(String(mode))) {
      throw new DatasetError(
        `SQLTableDataset: save_args.if_exists must be replace, append or fail, got ${JSON.stringify(mode)}.`,
      );
    }
  }

  load(): Row[] {
    const where = `table '${this.tableName}' in ${this.filepath}`;
    if (!isFile(this.absPath)) throw new DatasetError(`Failed to load ${where}: file not found`);
    const db = this.open(true);
    try {
      if (!tableExists(db, this.tableName)) throw new DatasetError(`Failed to load ${where}: no such table`);
      const rows = db.prepare(`SELECT * FROM ${quote(this.tableName)}`).all() as Row[];
      this.io.load = { path: this.absPath, size: fileSize(this.absPath) };
      return rows;
    } finally {
      db.close();
    }
  }

  save(data: Row[]): void {
    if (!Array.isArray(data)) throw new DatasetError(`SQLTableDataset saves an array of records, got ${typeOf(data)}`);
    const columns = columnsOf(data);
    mkdirSync(dirname(this.absPath), { recursive: true });
    const db = this.open(false);
    try {
      // IMMEDIATE takes the write lock first: a deferred transaction that read first could not wait for it.
      db.transaction(() => this.write(db, data, columns)).immediate();
      this.io.save = { path: this.absPath, size: fileSize(this.absPath) };
    } catch (err) {
      if (err instanceof DatasetError) throw err;
      throw new DatasetError(`Failed to save to table '${this.tableName}' in ${this.filepath}: ${fsReason(err)}`, {
        cause: err,
      });
    } finally {
      db.close();
    }
  }

  exists(): boolean {
    if (!isFile(this.absPath)) return false;
    const db = this.open(true);
    try {
      return tableExists(db, this.tableName);
    } finally {
      db.close();
    }
  }

  ioInfo(kind: 'load' | 'save'): IoInfo | undefined {
    return this.io[kind];
  }

  describe(): Record<string, unknown> {
    const d: Record<string, unknown> = { filepath: this.filepath, table_name: this.tableName };
    if (Object.keys(this.loadArgs).length) d.load_args = this.loadArgs;
    d.save_args = this.saveArgs;
    return d;
  }

  /**
   * A connection that waits for other writers rather than failing with "database is locked": a
   * busy timeout, and the write-ahead log so that loads do not block saves (as the run history does).
   */
  private open(mustExist: boolean): Database.Database {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      let db: Database.Database | undefined;
      try {
        // Loads open read-write too (never creating the file): the last connection to close removes the log files.
        db = new Database(this.absPath, { fileMustExist: mustExist, timeout: BUSY_TIMEOUT_MS });
        if (!mustExist) db.pragma('journal_mode = WAL'); // saves only: a load leaves the file as it found it
        return db;
      } catch (err) {
        db?.close();
        // Turning the log on is refused at once, busy timeout or not, while another process's last
        // connection closes it: try again shortly.
        if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') && Date.now() < deadline) {
          Atomics.wait(RETRY_CLOCK, 0, 0, RETRY_MS);
          continue;
        }
        throw new DatasetError(`Failed to open ${this.filepath}: ${fsReason(err)}`, { cause: err });
      }
    }
  }

  private write(db: Database.Database, rows: Row[], columns: string[]): void {
    const table = quote(this.tableName);
    const exists = tableExists(db, this.tableName);
    const mode = this.saveArgs.if_exists;
    if (exists && mode === 'fail')
      throw new DatasetError(
        `Table '${this.tableName}' already exists in ${this.filepath} (save_args.if_exists is 'fail').`,
      );
    if (exists && mode === 'replace') db.exec(`DROP TABLE ${table}`);
    if (!exists || mode === 'replace') {
      if (!columns.length)
        throw new DatasetError(
          `Cannot create table '${this.tableName}' in ${this.filepath} from no records: the columns come from the records' keys.`,
        );
      db.exec(`CREATE TABLE ${table} (${columns.map((c) => `${quote(c)} ${columnType(rows, c)}`.trim()).join(', ')})`);
    } else {
      const have = new Set(
        (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name),
      );
      for (const c of columns)
        if (!have.has(c)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${quote(c)} ${columnType(rows, c)}`);
    }
    if (!rows.length) return;
    const insert = db.prepare(
      `INSERT INTO ${table} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows) insert.run(...columns.map((c) => toSql(row[c])));
  }
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?").get(name) !== undefined;
}

function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new DatasetError(`SQLTableDataset saves an array of records, found ${typeOf(row)} in it`);
    for (const key of Object.keys(row)) seen.add(key);
  }
  return [...seen];
}

/** A declared type when every value agrees, else none (SQLite then keeps each value as given). */
function columnType(rows: Row[], column: string): string {
  const kinds = new Set<string>();
  for (const row of rows) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') kinds.add(Number.isInteger(v) ? 'INTEGER' : 'REAL');
    else if (typeof v === 'bigint' || typeof v === 'boolean') kinds.add('INTEGER');
    else if (v instanceof Uint8Array) kinds.add('BLOB');
    else kinds.add('TEXT');
  }
  if (kinds.size === 2 && kinds.has('INTEGER') && kinds.has('REAL')) return 'REAL';
  return kinds.size === 1 ? [...kinds][0] : '';
}

function toSql(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}
