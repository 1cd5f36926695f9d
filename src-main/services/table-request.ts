// The messages between the app's thread and the table worker, and the one function that answers them.
import type { TablePage, TableStats } from '../../src-shared/table-page';
import type { CsvFile } from './csv-row-index';
import { csvPage, csvStats, type CsvPageQuery } from './csv-table';

export type TableRequest =
  | { id: number; op: 'page'; file: CsvFile; query: CsvPageQuery }
  | { id: number; op: 'stats'; file: CsvFile; dataset: string };

export type TableReply =
  { id: number; ok: true; value: TablePage | TableStats } | { id: number; ok: false; message: string; code?: string };

export function handleTableRequest(request: TableRequest): Promise<TablePage | TableStats> {
  return request.op === 'page' ? csvPage(request.file, request.query) : csvStats(request.file, request.dataset);
}
