// The app's side of the table worker: the data explorer's pages and statistics on a thread of our own
// (own-thread.ts: started on first use, idle without holding the process open, restarted after a crash).
import type { ErrorCode } from '../../src-shared/api-transport';
import type { TablePage, TableStats } from '../../src-shared/table-page';
import type { CsvPageQuery } from './csv-table';
import { OwnThread, ownThreadFile } from './own-thread';
import type { TableFile, TableReply, TableRequest } from './table-request';
import { ServiceError } from './service-error';

type Body = TableRequest extends infer R ? (R extends TableRequest ? Omit<R, 'id'> : never) : never;

export class TableWorker {
  private readonly thread: OwnThread<Body, TableReply> | null;

  /** `file` null: the same work on this thread (a build without the bundle; the benchmark's baseline). */
  constructor(file: string | null = ownThreadFile('table-worker-main', 'table-worker.js') ?? null) {
    this.thread = file
      ? new OwnThread(file, (message) => new ServiceError('internal', `The table worker stopped: ${message}`))
      : null;
  }

  page(file: TableFile, query: CsvPageQuery): Promise<TablePage> {
    return this.send({ op: 'page', file, query }) as Promise<TablePage>;
  }

  stats(file: TableFile, dataset: string): Promise<TableStats> {
    return this.send({ op: 'stats', file, dataset }) as Promise<TableStats>;
  }

  /** Starts the thread ahead of the first request (a dataset was selected). */
  warm(): void {
    this.thread?.warm();
  }

  close(): void {
    this.thread?.close();
  }

  private async send(body: Body): Promise<TablePage | TableStats> {
    if (!this.thread) {
      // A build without the worker's bundle: the same code, on this thread.
      const { handleTableRequest } = await import('./table-request');
      return handleTableRequest({ ...body, id: 0 } as TableRequest);
    }
    const reply = await this.thread.request(body);
    if (reply.ok) return reply.value;
    throw new ServiceError((reply.code as ErrorCode | undefined) ?? 'usage', reply.message);
  }
}
