// The app's side of the table worker: one thread started on first use, requests matched to replies
// by id, the thread kept from holding the process open while idle, and started again after a crash.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../src-shared/api-transport';
import type { TablePage, TableStats } from '../../src-shared/table-page';
import type { CsvPageQuery } from './csv-table';
import type { TableFile, TableReply, TableRequest } from './table-request';
import { ServiceError } from './service-error';

type Pending = { resolve: (v: TablePage | TableStats) => void; reject: (e: Error) => void };
type Body = TableRequest extends infer R ? (R extends TableRequest ? Omit<R, 'id'> : never) : never;

/** Where the worker's code is: the jiti bootstrap beside the sources, or the build's bundle beside the app's main file. */
function workerFile(): string | undefined {
  if (existsSync(join(__dirname, 'table-worker-main.ts'))) return join(__dirname, 'table-worker-bootstrap.cjs');
  const built = join(__dirname, 'table-worker.js');
  return existsSync(built) ? built : undefined;
}

export class TableWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  /** `file` null: the same work on this thread (a build without the bundle; the benchmark's baseline). */
  constructor(private readonly file: string | null = workerFile() ?? null) {}

  page(file: TableFile, query: CsvPageQuery): Promise<TablePage> {
    return this.send({ op: 'page', file, query }) as Promise<TablePage>;
  }

  stats(file: TableFile, dataset: string): Promise<TableStats> {
    return this.send({ op: 'stats', file, dataset }) as Promise<TableStats>;
  }

  /** Starts the thread ahead of the first request (a dataset was selected). */
  warm(): void {
    if (this.file) this.thread();
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private async send(body: Body): Promise<TablePage | TableStats> {
    if (!this.file) {
      // A build without the worker's bundle: the same code, on this thread.
      const { handleTableRequest } = await import('./table-request');
      return handleTableRequest({ ...body, id: 0 } as TableRequest);
    }
    const worker = this.thread();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file!);
    worker.unref();
    worker.on('message', (reply: TableReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new ServiceError((reply.code as ErrorCode | undefined) ?? 'usage', reply.message));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values())
        p.reject(new ServiceError('internal', `The table worker stopped: ${err.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
