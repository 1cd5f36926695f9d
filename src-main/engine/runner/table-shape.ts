import type { ColumnSchema } from '../../../src-shared/run-events';

interface TableLike {
  numRows(): number;
  columnNames(): string[];
  column(name: string): unknown;
}

/** An arquero table, found by shape so that arquero is never loaded to ask. */
function isTableLike(value: unknown): value is TableLike {
  const t = value as Partial<TableLike> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.numRows === 'function' &&
    typeof t.columnNames === 'function' &&
    typeof t.column === 'function'
  );
}

function columnType(column: unknown, rows: number): string {
  if (ArrayBuffer.isView(column)) return column.constructor.name.replace(/Array$/, '').toLowerCase();
  const c = column as { at?: (i: number) => unknown; get?: (i: number) => unknown } | undefined;
  const get = c?.at ?? c?.get;
  if (typeof get !== 'function') return 'unknown';
  for (let i = 0; i < rows; i++) {
    const v = get.call(c, i);
    if (v === null || v === undefined) continue;
    if (v instanceof Date) return 'date';
    if (Array.isArray(v)) return 'array';
    return typeof v;
  }
  return 'null';
}

const typeOf = (v: unknown): string =>
  v === null || v === undefined ? 'null' : v instanceof Date ? 'date' : Array.isArray(v) ? 'array' : typeof v;

const isPlainRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A table's row count and columns with their types; nothing for other values. Records (an array
 * of plain objects, as the file datasets load CSV) are a table whose columns are the first row's keys.
 */
export function tableShape(value: unknown): { rows?: number; schema?: ColumnSchema[] } {
  if (Array.isArray(value) && value.length && isPlainRecord(value[0])) {
    const first = value[0];
    return { rows: value.length, schema: Object.keys(first).map((name) => ({ name, type: typeOf(first[name]) })) };
  }
  if (!isTableLike(value)) return {};
  try {
    const rows = value.numRows();
    const schema = value.columnNames().map((name) => ({ name, type: columnType(value.column(name), rows) }));
    return { rows, schema };
  } catch {
    return {};
  }
}
