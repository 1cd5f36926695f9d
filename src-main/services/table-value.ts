// A loaded value as columns (an arquero or Arrow table, an array of records, an array of rows), and
// pages and statistics over it with the same rules as a CSV file (table-ops.ts).
import type { JsonValue } from '../../src-shared/api-types';
import type { TablePage, TableStats } from '../../src-shared/table-page';
import { aq, isArrowTable, isTable } from '../table';
import type { CsvPageQuery } from './csv-table';
import { cell } from './preview-value';
import { ServiceError } from './service-error';
import { ColumnStatsBuilder, columnIndex, rowFilter, sortRows, typeOfValues } from './table-ops';

export interface ValueColumns {
  names: string[];
  columns: unknown[][];
  rows: number;
}

export function valueColumns(value: unknown, dataset: string): ValueColumns {
  let v = value;
  if (isArrowTable(v)) v = aq.fromArrow(v as Parameters<typeof aq.fromArrow>[0]);
  if (isTable(v)) {
    const names = v.columnNames();
    return { names, columns: names.map((n) => Array.from(v.array(n) as ArrayLike<unknown>)), rows: v.numRows() };
  }
  if (Array.isArray(v) && v.length > 0 && v.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    const rows = v as Record<string, unknown>[];
    const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return { names, columns: names.map((n) => rows.map((r) => r[n] ?? null)), rows: rows.length };
  }
  if (Array.isArray(v) && v.length > 0 && v.every(Array.isArray)) {
    const rows = v as unknown[][];
    const width = Math.max(...rows.map((r) => r.length));
    const names = Array.from({ length: width }, (_, i) => String(i));
    return { names, columns: names.map((_, i) => rows.map((r) => r[i] ?? null)), rows: rows.length };
  }
  throw new ServiceError('usage', `'${dataset}' is not a table: its data has no rows and columns to page through.`);
}

export function valuePage(t: ValueColumns, query: CsvPageQuery): TablePage {
  const test = rowFilter(query.filter, t.names, query.dataset);
  const sortCol = query.sort ? columnIndex(t.names, query.sort.column, query.dataset) : -1;
  let order: Uint32Array | null = null;
  if (test || sortCol >= 0) {
    const kept: number[] = [];
    for (let r = 0; r < t.rows; r++) if (!test || test(t.columns, r)) kept.push(r);
    order = sortCol >= 0 ? sortRows(Uint32Array.from(kept), t.columns[sortCol]!, query.sort!) : Uint32Array.from(kept);
  }
  const rowCount = order ? order.length : t.rows;
  const offset = Math.min(query.offset, rowCount);
  const end = Math.min(rowCount, offset + query.limit);
  const rowNumbers: number[] = [];
  for (let i = offset; i < end; i++) rowNumbers.push(order ? order[i]! : i);
  return {
    dataset: query.dataset,
    columns: t.names.map((name, i) => ({ name, type: typeOfValues(rowNumbers.map((r) => t.columns[i]![r])) })),
    totalRows: t.rows,
    rowCount,
    offset,
    rows: rowNumbers.map((r) => t.columns.map((c) => cell(c[r]) as JsonValue)),
    rowNumbers,
  };
}

export function valueStats(t: ValueColumns, dataset: string): TableStats {
  return {
    dataset,
    rows: t.rows,
    columns: t.names.map((name, i) => {
      const b = new ColumnStatsBuilder(name);
      b.add(t.columns[i]!);
      return b.result();
    }),
  };
}
