// The pandas verbs arquero has no one-call form for. Everything else is arquero's own verb
// (README, "Tables": the pandas → table mapping).
import { arquero, type Table } from './arquero';

/** A missing value as pandas counts it: null, undefined or NaN. */
export const isMissing = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** pandas `df.dropna(subset=…, how=…)`: drops rows with a missing value in any (or all) of the columns. */
export function dropna(t: Table, options: { subset?: string[]; how?: 'any' | 'all' } = {}): Table {
  const columns = options.subset ?? t.columnNames();
  for (const c of columns)
    if (!t.column(c)) throw new Error(`dropna: no column '${c}'; the table has ${t.columnNames().join(', ')}.`);
  const getters = columns.map((c) => t.column(c)!);
  const keep =
    options.how === 'all'
      ? (row: number) => getters.some((col) => !isMissing(col.at(row)))
      : (row: number) => getters.every((col) => !isMissing(col.at(row)));
  const rows: number[] = [];
  t.scan((row) => {
    if (keep(row!)) rows.push(row!);
  }, true);
  return t.reify(rows) as Table;
}

/** pandas `df.fillna(value)` and `df.fillna({col: value})`: missing values (null, undefined, NaN) replaced. */
export function fillna(t: Table, value: unknown): Table {
  const fills: Record<string, unknown> =
    value !== null && typeof value === 'object' && !(value instanceof Date)
      ? (value as Record<string, unknown>)
      : Object.fromEntries(t.columnNames().map((c) => [c, value]));
  const columns: Record<string, unknown[]> = {};
  for (const [name, fill] of Object.entries(fills)) {
    const col = t.column(name);
    if (!col) throw new Error(`fillna: no column '${name}'; the table has ${t.columnNames().join(', ')}.`);
    const values: unknown[] = [];
    t.scan((row) => void values.push(isMissing(col.at(row!)) ? fill : col.at(row!)), true);
    columns[name] = values;
  }
  return t.reify().assign(columns) as Table;
}

/** The types `astype` casts to, with pandas' names. */
export type CastType =
  'str' | 'string' | 'int' | 'int64' | 'float' | 'float64' | 'bool' | 'boolean' | 'date' | 'datetime64';

const CASTS: Record<CastType, (v: unknown) => unknown> = {
  str: (v) => String(v),
  string: (v) => String(v),
  int: toInt,
  int64: toInt,
  float: toFloat,
  float64: toFloat,
  bool: toBool,
  boolean: toBool,
  date: toDate,
  datetime64: toDate,
};

/** pandas `df.astype({col: type})`: missing values stay missing; a value that cannot be cast is an error naming it. */
export function astype(t: Table, types: Record<string, CastType>): Table {
  const columns: Record<string, unknown[]> = {};
  for (const [name, type] of Object.entries(types)) {
    const cast = CASTS[type];
    if (!cast)
      throw new Error(
        `astype: unknown type '${type}' for column '${name}'; use one of ${Object.keys(CASTS).join(', ')}.`,
      );
    const col = t.column(name);
    if (!col) throw new Error(`astype: no column '${name}'; the table has ${t.columnNames().join(', ')}.`);
    const values: unknown[] = [];
    t.scan((row) => {
      const v = col.at(row!);
      if (isMissing(v)) return void values.push(null);
      const out = cast(v);
      if (out === undefined)
        throw new Error(`astype: cannot cast ${JSON.stringify(v)} in column '${name}' to ${type}.`);
      values.push(out);
    }, true);
    columns[name] = values;
  }
  return t.reify().assign(columns) as Table;
}

function toFloat(v: unknown): number | undefined {
  const n = typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : Number(v);
  return Number.isNaN(n) ? undefined : n;
}

function toInt(v: unknown): number | undefined {
  const n = toFloat(v);
  return n === undefined ? undefined : Math.trunc(n);
}

function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = String(v).trim().toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  return undefined;
}

function toDate(v: unknown): Date | undefined {
  const d = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** pandas `s.value_counts()`: each distinct value of a column with its count, most frequent first. */
export function valueCounts(t: Table, column: string): Table {
  const aq = arquero();
  return t.groupby(column).count({ as: 'count' }).orderby(aq.desc('count')) as Table;
}

/** pandas `pd.DataFrame.from_records(rows)`: a table from an array of records. */
export function tableFromRecords(rows: Array<Record<string, unknown>>, columns?: string[]): Table {
  return arquero().from(rows, columns) as Table;
}

/** pandas `df.to_dict('records')`: one record per row. */
export function tableToRecords(t: Table): Array<Record<string, unknown>> {
  return t.objects() as Array<Record<string, unknown>>;
}
