// The messages between the app's thread and the table worker, and the one function that answers them.
import type { TablePage, TableStats } from '../../src-shared/table-page';
import type { CsvFile } from './csv-row-index';
import { csvPage, csvStats, type CsvPageQuery } from './csv-table';
import { parquetPage, parquetStats, type ParquetFile } from './parquet-table';
import { sqlPage, sqlStats, type SqlTableFile } from './sql-table';

/** A file the worker reads: a CSV by its row index, a Parquet file by its row groups. */
export type TableFile =
  ({ format: 'csv' } & CsvFile) | ({ format: 'parquet' } & ParquetFile) | ({ format: 'sqlite' } & SqlTableFile);

export type TableRequest =
  | { id: number; op: 'page'; file: TableFile; query: CsvPageQuery }
  | { id: number; op: 'stats'; file: TableFile; dataset: string };

export type TableReply =
  { id: number; ok: true; value: TablePage | TableStats } | { id: number; ok: false; message: string; code?: string };

export async function handleTableRequest(request: TableRequest): Promise<TablePage | TableStats> {
  const { file } = request;
  if (file.format === 'sqlite')
    return request.op === 'page' ? sqlPage(file, request.query) : sqlStats(file, request.dataset);
  if (file.format === 'parquet')
    return request.op === 'page' ? parquetPage(file, request.query) : parquetStats(file, request.dataset);
  return request.op === 'page' ? csvPage(file, request.query) : csvStats(file, request.dataset);
}
