import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AbstractDataset, type IoInfo } from '../engine/catalog/abstract-dataset';
import { DatasetError } from '../engine/errors';
import { asArgs, resolvePath } from './abstract-file-dataset';
import { fileSize, fsReason, isFile } from './fs-atomic';
import { asLoaded, loadAs, type Records, type TableOrRecords } from './table-data';

export interface SQLQueryDatasetOptions {
  /** The query, inline. */
  sql?: string;
  /** Or a file holding the query (relative to the project), as Kedro's `filepath`. */
  filepath?: string;
  /** The SQLite file: `credentials: { con: sqlite:///data/db.sqlite }`, or `database`. */
  credentials?: { con?: string };
  database?: string;
  /** `params`: values bound to the query's `?` or `:name` parameters; `as: records`. */
  load_args?: Record<string, unknown>;
  root?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Kedro's pandas.SQLQueryDataset on SQLite: the rows of a query as a table. Read-only: the
 * database is opened read-only, and saving is an error.
 */
export class SQLQueryDataset extends AbstractDataset<TableOrRecords> {
  static acceptsRoot = true;
  private readonly query: { sql?: string; file?: { abs: string; shown: string } };
  private readonly db: { abs: string; shown: string };
  private readonly loadArgs: Record<string, unknown>;
  private readonly as: 'table' | 'records';
  private io: IoInfo | undefined;

  constructor(options: SQLQueryDatasetOptions) {
    super();
    if ((options.sql === undefined) === (options.filepath === undefined)) {
      throw new DatasetError(
        "SQLQueryDataset needs exactly one of 'sql' (the query) and 'filepath' (a .sql file holding it).",
      );
    }
    if (options.sql !== undefined && (typeof options.sql !== 'string' || !options.sql.trim()))
      throw new DatasetError(`SQLQueryDataset: 'sql' must be a query, got ${JSON.stringify(options.sql)}.`);
    this.query =
      options.sql !== undefined
        ? { sql: options.sql }
        : { file: resolvePath(options.filepath, options.root, 'SQLQueryDataset') };
    const con = options.credentials?.con;
    const database = options.database ?? (typeof con === 'string' ? con.replace(/^sqlite:\/\/\//, '') : undefined);
    if (database === undefined)
      throw new DatasetError(
        "SQLQueryDataset needs the SQLite file: 'credentials: { con: sqlite:///data/db.sqlite }' or 'database: data/db.sqlite'.",
      );
    this.db = resolvePath(database, options.root, 'SQLQueryDataset', 'database');
    this.loadArgs = asArgs(options.load_args, 'SQLQueryDataset', 'load_args');
    this.as = loadAs(this.loadArgs, 'SQLQueryDataset');
  }

  load(): TableOrRecords {
    if (!isFile(this.db.abs)) throw new DatasetError(`Failed to load query on ${this.db.shown}: file not found`);
    const sql = this.sql();
    let db: Database.Database | undefined;
    try {
      db = new Database(this.db.abs, { readonly: true, fileMustExist: true });
      const statement = db.prepare(sql);
      const params = this.loadArgs.params;
      const rows = (params === undefined ? statement.all() : statement.all(params as never)) as Records;
      this.io = { path: this.db.abs, size: fileSize(this.db.abs) };
      return asLoaded(
        rows,
        this.as,
        statement.columns().map((c) => c.name),
      );
    } catch (err) {
      throw new DatasetError(`Failed to run the query of ${this.toString()}: ${fsReason(err)}`, { cause: err });
    } finally {
      db?.close();
    }
  }

  save(): never {
    throw new DatasetError(
      `${this.toString()} is read-only: a query's rows cannot be saved. Save to a pandas.SQLTableDataset instead.`,
    );
  }

  exists(): boolean {
    return isFile(this.db.abs);
  }

  ioInfo(kind: 'load' | 'save'): IoInfo | undefined {
    return kind === 'load' ? this.io : undefined;
  }

  describe(): Record<string, unknown> {
    const d: Record<string, unknown> =
      this.query.sql !== undefined ? { sql: this.query.sql } : { filepath: this.query.file!.shown };
    d.database = this.db.shown;
    if (Object.keys(this.loadArgs).length) d.load_args = this.loadArgs;
    return d;
  }

  private sql(): string {
    if (this.query.sql !== undefined) return this.query.sql;
    try {
      return readFileSync(this.query.file!.abs, 'utf8');
    } catch (err) {
      throw new DatasetError(
        `Failed to read the query of ${this.toString()} from ${this.query.file!.shown}: ${fsReason(err)}`,
        { cause: err },
      );
    }
  }
}
