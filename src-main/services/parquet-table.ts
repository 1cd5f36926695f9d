// Pages and statistics of a Parquet file in the table worker: a page reads only the row groups that
// hold its rows; a sort, a filter or the statistics read the columns they need, one at a time.
import type { JsonValue } from '../../src-shared/api-types';
import type { TablePage, TableStats } from '../../src-shared/table-page';
import { fileKey } from './csv-row-index';
import type { CsvPageQuery } from './csv-table';
import { ServiceError } from './service-error';
import { ColumnStatsBuilder, columnIndex, rowFilter, sortRows, typeOfValues } from './table-ops';

type Hyparquet = typeof import('hyparquet');
let reader: Hyparquet | undefined;
const hyparquet = () => (reader ??= require('hyparquet') as Hyparquet);

export interface ParquetFile {
  path: string;
  /** `load_args.columns`: read only these. */
  columns?: string[];
}

interface Opened {
  key: string;
  file: Awaited<ReturnType<Hyparquet['asyncBufferFromFile']>>;
  metadata: Awaited<ReturnType<Hyparquet['parquetMetadataAsync']>>;
  names: string[];
  rows: number;
}

const opened = new Map<string, Promise<Opened>>();
const orders = new Map<string, Promise<Uint32Array | null>>();
const stats = new Map<string, Promise<TableStats>>();

function remember<V>(map: Map<string, Promise<V>>, key: string, make: () => Promise<V>, size = 4): Promise<V> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
    while (map.size > size) map.delete(map.keys().next().value!);
  }
  return p;
}

async function open(pq: ParquetFile): Promise<Opened> {
  const key = `${await fileKey(pq.path)}|${JSON.stringify(pq.columns ?? null)}`;
  return remember(opened, key, async () => {
    const { asyncBufferFromFile, parquetMetadataAsync } = hyparquet();
    const file = await asyncBufferFromFile(pq.path);
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw new ServiceError('usage', `${pq.path} is not a Parquet file (${(err as Error).message}).`, { cause: err });
    }
    const all = metadata.schema
      .slice(1)
      .filter((s) => !s.num_children)
      .map((s) => s.name);
    return { key, file, metadata, names: pq.columns ?? all, rows: Number(metadata.num_rows) };
  });
}

/** Columns `names` of rows [from, to), int64 as numbers where exact. */
async function read(o: Opened, names: string[], from: number, to: number): Promise<unknown[][]> {
  if (to <= from) return names.map(() => []);
  const records = (await hyparquet().parquetReadObjects({
    file: o.file,
    metadata: o.metadata,
    columns: names,
    rowStart: from,
    rowEnd: to,
  })) as Record<string, unknown>[];
  return names.map((n) => records.map((r) => safe(r[n])));
}

const safe = (v: unknown): unknown =>
  typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(v)
    : typeof v === 'bigint'
      ? String(v)
      : v instanceof Date
        ? v.toISOString()
        : v;

export async function parquetPage(pq: ParquetFile, query: CsvPageQuery): Promise<TablePage> {
  const o = await open(pq);
  const order = await rowOrder(o, query);
  const rowCount = order ? order.length : o.rows;
  const offset = Math.min(query.offset, rowCount);
  const end = Math.min(rowCount, offset + query.limit);
  let rowNumbers: number[];
  let columns: unknown[][];
  if (!order) {
    rowNumbers = Array.from({ length: end - offset }, (_, i) => offset + i);
    columns = await read(o, o.names, offset, end);
  } else {
    rowNumbers = Array.from(order.subarray(offset, end));
    // One read of the span the page's rows fall in (only its row groups are decoded).
    const lo = Math.min(...rowNumbers);
    const span = await read(o, o.names, lo, Math.max(...rowNumbers) + 1);
    columns = span.map((c) => rowNumbers.map((r) => c[r - lo]));
  }
  return {
    dataset: query.dataset,
    columns: o.names.map((name, i) => ({ name, type: typeOfValues(columns[i] ?? []) })),
    totalRows: o.rows,
    rowCount,
    offset,
    rows: rowNumbers.map((_, r) => columns.map((c) => (c[r] ?? null) as JsonValue)),
    rowNumbers,
  };
}

function rowOrder(o: Opened, query: CsvPageQuery): Promise<Uint32Array | null> {
  const test = rowFilter(query.filter, o.names, query.dataset);
  const sortCol = query.sort ? columnIndex(o.names, query.sort.column, query.dataset) : -1;
  if (!test && sortCol < 0) return Promise.resolve(null);
  const key = `${o.key}|${JSON.stringify([query.sort ?? null, query.filter ?? null])}`;
  return remember(
    orders,
    key,
    async () => {
      // Only the columns the filter and the sort look at are read, each whole.
      const wanted = new Set<number>();
      if (test) {
        if (query.filter?.column !== undefined) wanted.add(columnIndex(o.names, query.filter.column, query.dataset));
        else o.names.forEach((_, i) => wanted.add(i));
      }
      if (sortCol >= 0) wanted.add(sortCol);
      const cols: unknown[][] = o.names.map(() => []);
      for (const i of wanted) cols[i] = (await read(o, [o.names[i]!], 0, o.rows))[0]!;
      const kept: number[] = [];
      for (let r = 0; r < o.rows; r++) if (!test || test(cols, r)) kept.push(r);
      const rows = Uint32Array.from(kept);
      return sortCol >= 0 ? sortRows(rows, cols[sortCol]!, query.sort!) : rows;
    },
    8,
  );
}

export async function parquetStats(pq: ParquetFile, dataset: string): Promise<TableStats> {
  const o = await open(pq);
  return remember(stats, o.key, async () => {
    const columns = [];
    for (const name of o.names) {
      const b = new ColumnStatsBuilder(name);
      b.add((await read(o, [name], 0, o.rows))[0]!);
      columns.push(b.result());
    }
    return { dataset, rows: o.rows, columns };
  });
}
