// A table as its columns themselves, for crossing to another thread: typed-array columns move
// (their buffers are transferred, no copy) and array columns are cloned, where the Arrow IPC form
// would first join every column into one new buffer. Only for arquero tables whose columns are all
// typed arrays or plain arrays (what aq.table, the CSV datasets and the verbs make); tables backed
// by Arrow columns (Parquet, Feather, fromArrow) keep the IPC form.
import { arquero, type Table } from './arquero';

export interface TableColumns {
  names: string[];
  data: unknown[];
}

/** The table's rows as columns, filter and order applied (grouping is not kept), or undefined. */
export function plainColumns(table: Table): TableColumns | undefined {
  const t = table.isFiltered() || table.isOrdered() ? table.reify() : table;
  const names = t.columnNames();
  const data: unknown[] = [];
  for (const name of names) {
    const column = t.column(name) as unknown;
    if (!Array.isArray(column) && !isTypedArray(column)) return undefined;
    data.push(column);
  }
  return { names, data };
}

/** The arquero table of those columns again. */
export function tableOfColumns(columns: TableColumns): Table {
  const byName: Record<string, unknown> = {};
  columns.names.forEach((name, i) => (byName[name] = columns.data[i]));
  return arquero().table(byName as Parameters<ReturnType<typeof arquero>['table']>[0], columns.names);
}

function isTypedArray(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}
