// Pages and statistics of a SQLite table in the table worker: each page is one query with ORDER BY,
// WHERE and LIMIT/OFFSET, and the statistics are aggregates, so SQLite reads the table, not us.
import type Database from 'better-sqlite3';
import type { JsonValue } from '../../src-shared/api-types';
import type { ColumnStats, ColumnType, TablePage, TableStats } from '../../src-shared/table-page';
import type { CsvPageQuery } from './csv-table';
import { ServiceError } from './service-error';
import { columnIndex } from './table-ops';

export interface SqlTableFile {
  path: string;
  table: string;
}

const BINS = 20;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const NUMERIC = `IN ('integer', 'real')`;
const connections = new Map<string, Database.Database>();

function connect(path: string): Database.Database {
  let db = connections.get(path);
  if (!db) {
    const Sqlite = require('better-sqlite3') as typeof Database;
    db = new Sqlite(path, { readonly: true, fileMustExist: true });
    connections.set(path, db);
    while (connections.size > 2) {
      const [oldest, old] = connections.entries().next().value!;
      connections.delete(oldest);
      old.close();
    }
  }
  return db;
}

function columnsOf(db: Database.Database, f: SqlTableFile): string[] {
  const info = db.prepare(`PRAGMA table_info(${quote(f.table)})`).all() as Array<{ name: string }>;
  if (!info.length) throw new ServiceError('not-found', `No table '${f.table}' in ${f.path}.`);
  return info.map((c) => c.name);
}

/** The WHERE clause and its values for a filter (the same rules as table-ops.ts's rowFilter). */
function where(query: CsvPageQuery, names: string[]): { sql: string; args: unknown[] } {
  const text = query.filter?.text.trim();
  if (!text) return { sql: '', args: [] };
  if (query.filter!.column !== undefined) {
    const col = quote(names[columnIndex(names, query.filter!.column, query.dataset)]!);
    const cmp = /^(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i.exec(text);
    if (cmp) return { sql: `WHERE typeof(${col}) ${NUMERIC} AND ${col} ${cmp[1]} ?`, args: [Number(cmp[2])] };
    return { sql: `WHERE instr(lower(CAST(${col} AS TEXT)), ?) > 0`, args: [text.toLowerCase()] };
  }
  const any = names.map((n) => `instr(lower(CAST(${quote(n)} AS TEXT)), ?) > 0`).join(' OR ');
  return { sql: `WHERE ${any}`, args: names.map(() => text.toLowerCase()) };
}

const cell = (v: unknown): JsonValue =>
  typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? `<${v.byteLength} bytes>` : (v as JsonValue);

export function sqlPage(f: SqlTableFile, query: CsvPageQuery): TablePage {
  const db = connect(f.path);
  const names = columnsOf(db, f);
  const w = where(query, names);
  const numbered = `(SELECT ROW_NUMBER() OVER () - 1 AS __pw_n, * FROM ${quote(f.table)})`;
  let order = 'ORDER BY __pw_n';
  if (query.sort) {
    const col = quote(names[columnIndex(names, query.sort.column, query.dataset)]!);
    order = `ORDER BY (${col} IS NULL OR ${col} = ''), ${col} ${query.sort.desc ? 'DESC' : 'ASC'}, __pw_n`;
  }
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${quote(f.table)}`).get() as { n: number }).n;
  const count = w.sql
    ? (db.prepare(`SELECT COUNT(*) AS n FROM ${numbered} ${w.sql}`).get(...w.args) as { n: number }).n
    : total;
  const offset = Math.min(query.offset, count);
  const rows = db
    .prepare(`SELECT * FROM ${numbered} ${w.sql} ${order} LIMIT ? OFFSET ?`)
    .raw()
    .all(...w.args, query.limit, offset) as unknown[][];
  return {
    dataset: query.dataset,
    columns: names.map((name, i) => ({ name, type: typeOf(rows.map((r) => r[i + 1])) })),
    totalRows: total,
    rowCount: count,
    offset,
    rows: rows.map((r) => r.slice(1).map(cell)),
    rowNumbers: rows.map((r) => Number(r[0])),
  };
}

function typeOf(values: unknown[]): ColumnType {
  const kinds = new Set<ColumnType>();
  for (const v of values) {
    if (v === null || v === '') continue;
    kinds.add(typeof v === 'number' || typeof v === 'bigint' ? 'number' : typeof v === 'string' ? 'string' : 'object');
  }
  return kinds.size === 0 ? 'null' : kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

export function sqlStats(f: SqlTableFile, dataset: string): TableStats {
  const db = connect(f.path);
  const names = columnsOf(db, f);
  const t = quote(f.table);
  const rows = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  const columns = names.map((name): ColumnStats => {
    const c = quote(name);
    const kinds = (db.prepare(`SELECT DISTINCT typeof(${c}) AS k FROM ${t}`).all() as Array<{ k: string }>)
      .map((r) => r.k)
      .filter((k) => k !== 'null');
    const mapped = new Set(
      kinds.map((k) => (k === 'integer' || k === 'real' ? 'number' : k === 'text' ? 'string' : 'object')),
    );
    const type: ColumnType = mapped.size === 0 ? 'null' : mapped.size === 1 ? ([...mapped][0] as ColumnType) : 'mixed';
    const agg = db
      .prepare(
        `SELECT SUM(${c} IS NULL OR ${c} = '') AS nulls, COUNT(DISTINCT NULLIF(${c}, '')) AS distinct_,
           MIN(CASE WHEN typeof(${c}) ${NUMERIC} THEN ${c} END) AS min, MAX(CASE WHEN typeof(${c}) ${NUMERIC} THEN ${c} END) AS max,
           AVG(CASE WHEN typeof(${c}) ${NUMERIC} THEN ${c} END) AS mean FROM ${t}`,
      )
      .get() as {
      nulls: number | null;
      distinct_: number;
      min: number | null;
      max: number | null;
      mean: number | null;
    };
    const stats: ColumnStats = {
      name,
      type,
      nulls: agg.nulls ?? 0,
      distinct: agg.distinct_,
      distinctCapped: false,
    };
    if (type === 'number' && agg.min !== null && agg.max !== null) {
      Object.assign(stats, { min: agg.min, max: agg.max, mean: agg.mean ?? undefined });
      const width = (agg.max - agg.min) / BINS;
      const counts = new Array<number>(width > 0 ? BINS : 1).fill(0);
      const bins = db
        .prepare(
          `SELECT MIN(CAST((${c} - ?) / ? AS INTEGER), ${BINS - 1}) AS b, COUNT(*) AS n FROM ${t}
           WHERE typeof(${c}) ${NUMERIC} GROUP BY b`,
        )
        .all(agg.min, width > 0 ? width : 1) as Array<{ b: number; n: number }>;
      for (const { b, n } of bins) counts[width > 0 ? b : 0]! += n;
      stats.histogram = { counts, from: agg.min, to: agg.max, sampled: false };
    }
    return stats;
  });
  return { dataset, rows, columns };
}
