// What table datasets load and save: a table, or records on request (`load_args.as: records`).
import { DatasetError } from '../engine/errors';
import { isTable, tableFromRecords, type Table } from '../table';
import { typeOf } from './text-dataset';

export type Records = Array<Record<string, unknown>>;
export type TableOrRecords = Table | Records;

/** The `as` load argument: `table` (the default) or `records`, for nodes written for arrays of records. */
export function loadAs(loadArgs: Record<string, unknown>, type: string): 'table' | 'records' {
  const as = loadArgs.as ?? 'table';
  if (as !== 'table' && as !== 'records')
    throw new DatasetError(`${type}: load_args.as must be 'table' or 'records', got ${JSON.stringify(as)}.`);
  return as;
}

/** A table from what a node returned: a table as it is, records converted; anything else is an error naming the dataset. */
export function toTable(data: unknown, where: string): Table {
  if (isTable(data)) return data;
  if (Array.isArray(data) && data.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r)))
    return tableFromRecords(data as Records);
  throw new DatasetError(`${where} saves a table (or an array of records), got ${typeOf(data)}.`);
}

/** Records from what a node returned: a table's rows, or the records as they are. */
export function toRecords(data: unknown, where: string): Records {
  if (isTable(data)) return data.objects() as Records;
  if (Array.isArray(data)) return data as Records;
  throw new DatasetError(`${where} saves a table (or an array of records), got ${typeOf(data)}.`);
}

/** The loaded rows as the dataset was asked to give them. */
export function asLoaded(rows: Records, as: 'table' | 'records', columns?: string[]): TableOrRecords {
  return as === 'records' ? rows : tableFromRecords(rows, columns);
}
