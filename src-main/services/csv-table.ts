// Pages and statistics of a CSV file by its row index: an unsorted page is one byte range; a sorted
// or filtered one reads the file block by block once for that query, keeps the row order, and then
// reads only the page's rows. What the table worker runs; caches live as long as the worker.
import type { JsonValue } from '../../src-shared/api-types';
import type { TableFilter, TablePage, TableSort, TableStats } from '../../src-shared/table-page';
import {
  buildRowIndex,
  fileKey,
  forEachBlock,
  readRowRange,
  readRows,
  type CsvFile,
  type CsvRowIndex,
} from './csv-row-index';
import { ColumnStatsBuilder, columnIndex, rowFilter, sortRows, typeOfValues } from './table-ops';

export interface CsvPageQuery {
  dataset: string;
  offset: number;
  limit: number;
  sort?: TableSort;
  filter?: TableFilter;
}

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make();
      this.map.set(key, v);
      while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    } else {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

const indexes = new Lru<Promise<CsvRowIndex>>(4);
const stats = new Lru<Promise<TableStats>>(4);
const orders = new Lru<Promise<Uint32Array>>(8);

/** Remembers a failed promise only until it fails, so that a fixed file is read again. */
function cached<V>(lru: Lru<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const p = lru.get(key, make);
  p.catch(() => lru.delete(key));
  return p;
}

async function rowIndex(file: CsvFile): Promise<CsvRowIndex> {
  const key = `${await fileKey(file.path)}|${JSON.stringify(file.options)}`;
  return cached(indexes, key, () => buildRowIndex(file, key));
}

export async function csvPage(file: CsvFile, query: CsvPageQuery): Promise<TablePage> {
  const index = await rowIndex(file);
  const order = await rowOrder(file, index, query);
  const rowCount = order ? order.length : index.rows;
  const offset = Math.min(query.offset, rowCount);
  const end = Math.min(rowCount, offset + query.limit);
  const rowNumbers = order ? Array.from(order.subarray(offset, end)) : range(offset, end);
  const columns = order ? await readRows(file, index, rowNumbers) : await readRowRange(file, index, offset, end);
  const rows: JsonValue[][] = [];
  for (let r = 0; r < rowNumbers.length; r++) rows.push(columns.map((c) => (c[r] ?? null) as JsonValue));
  return {
    dataset: query.dataset,
    columns: index.names.map((name, i) => ({ name, type: typeOfValues(columns[i] ?? []) })),
    totalRows: index.rows,
    rowCount,
    offset,
    rows,
    rowNumbers,
  };
}

export async function csvStats(file: CsvFile, dataset: string): Promise<TableStats> {
  const index = await rowIndex(file);
  return cached(stats, index.key, async () => {
    const builders = index.names.map((n) => new ColumnStatsBuilder(n));
    await forEachBlock(file, index, (columns) => columns.forEach((c, i) => builders[i]?.add(c)));
    return { dataset, rows: index.rows, columns: builders.map((b) => b.result()) };
  });
}

/** The row numbers of a sorted or filtered query in order, or null for the file's own order. */
async function rowOrder(file: CsvFile, index: CsvRowIndex, query: CsvPageQuery): Promise<Uint32Array | null> {
  const test = rowFilter(query.filter, index.names, query.dataset);
  const sortCol = query.sort ? columnIndex(index.names, query.sort.column, query.dataset) : -1;
  if (!test && sortCol < 0) return null;
  const key = `${index.key}|${JSON.stringify([query.sort ?? null, query.filter ?? null])}`;
  return cached(orders, key, async () => {
    let kept = new Uint32Array(index.rows);
    let n = 0;
    const keys: unknown[] = sortCol >= 0 ? new Array(index.rows) : [];
    await forEachBlock(file, index, (columns, first) => {
      const rows = columns[0]?.length ?? 0;
      for (let r = 0; r < rows; r++) {
        if (test && !test(columns, r)) continue;
        kept[n++] = first + r;
        if (sortCol >= 0) keys[first + r] = columns[sortCol]![r];
      }
    });
    kept = kept.slice(0, n);
    return sortCol >= 0 ? sortRows(kept, keys, query.sort!) : kept;
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
