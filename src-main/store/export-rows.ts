import Database from 'better-sqlite3';

/** A SQLite table exported as rows: what the store keeps of a SQL table output. */
export interface ExportedRows {
  table: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The table's columns and rows as JSON text, or undefined when there is no such table. */
export function exportSqlRows(file: string, table: string): string | undefined {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  } catch {
    return undefined;
  }
  try {
    const columns = db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as Array<{ name: string; type: string }>;
    if (!columns.length) return undefined;
    const rows = db
      .prepare(`SELECT * FROM ${quoteId(table)}`)
      .raw()
      .all() as unknown[][];
    const doc: ExportedRows = { table, columns: columns.map((c) => ({ name: c.name, type: c.type || 'ANY' })), rows };
    return JSON.stringify(doc, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
    );
  } finally {
    db.close();
  }
}
