// The table worker's entry: answers page and statistics requests on CSV files (csv-table.ts) on
// its own thread, so that a whole-file pass never holds up the thread that answers the app.
import { parentPort } from 'node:worker_threads';
import { ServiceError } from './service-error';
import { handleTableRequest, type TableRequest } from './table-request';

parentPort?.on('message', (request: TableRequest) => {
  handleTableRequest(request).then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value }),
    (err: Error) =>
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        message: err.message,
        code: err instanceof ServiceError ? err.code : undefined,
      }),
  );
});
