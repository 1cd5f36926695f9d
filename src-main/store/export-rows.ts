import Database from 'better-sqlite3';

/** A SQLite table exported as rows: what the store keeps of a SQL table output. */
export interface ExportedRows {
  table: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows read between two turns of the event loop: a large table does not hold up the server. */
const ROWS_PER_TURN = 2_000;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A cell as JSON keeps it: an integer beyond 2^53 as its digits, a blob as base64. */
function cellValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= SAFE && v >= -SAFE ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return v;
}

/**
 * The table's columns and rows as JSON text (an `ExportedRows` document), or undefined when there
 * is no such table. The rows are read a batch at a time, yielding to the event loop in between.
 */
export async function exportSqlRows(file: string, table: string): Promise<string | undefined> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  } catch {
    return undefined;
  }
  try {
    const columns = db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as Array<{ name: string; type: string }>;
    if (!columns.length) return undefined;
    const head = JSON.stringify({ table, columns: columns.map((c) => ({ name: c.name, type: c.type || 'ANY' })) });
    const parts: string[] = [head.slice(0, -1), ',"rows":['];
    // One read transaction: the batches see the table as it was when the export began.
    db.exec('BEGIN');
    let n = 0;
    for (const row of db
      .prepare(`SELECT * FROM ${quoteId(table)}`)
      .raw()
      .safeIntegers()
      .iterate() as IterableIterator<unknown[]>) {
      parts.push(`${n ? ',' : ''}${JSON.stringify(row.map(cellValue))}`);
      if (++n % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    }
    db.exec('COMMIT');
    parts.push(']}');
    return parts.join('');
  } finally {
    db.close();
  }
}
