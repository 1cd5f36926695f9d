// A worker thread running our own code (the graph layout's, the data explorer's tables'): started on
// first use, requests matched to replies by id, kept from holding the process open while idle, and
// started again after a crash. In a source checkout the TypeScript entry runs through jiti (one
// bootstrap for all), in a build the bundle beside the app's main file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const BOOTSTRAP = join(__dirname, 'own-thread-bootstrap.cjs');

/**
 * The thread's code: `<entry>.ts` beside this file (a source checkout), else `<bundle>` there (a
 * build: `__dirname` is then out/main), else none (a build without it: the caller works in place).
 */
export function ownThreadFile(entry: string, bundle: string, dir = __dirname): string | undefined {
  const source = join(dir, `${entry}.ts`);
  if (existsSync(source)) return source;
  const built = join(dir, bundle);
  return existsSync(built) ? built : undefined;
}

type Pending<R> = { resolve: (reply: R) => void; reject: (e: Error) => void };

export class OwnThread<Request extends object, Reply extends { id: number }> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending<Reply>>();
  private seq = 0;
  private closed = false;

  /** `stopped` makes the error each waiting request gets when the thread stops. */
  constructor(
    private readonly file: string,
    private readonly stopped: (message: string) => Error,
  ) {}

  request(body: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.closed) return Promise.reject(this.stopped('it was closed'));
    const worker = this.thread();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id }, transfer);
    });
  }

  /** Starts the thread ahead of its first request. */
  warm(): void {
    if (!this.closed) this.thread();
  }

  /** Stops the thread for good: later requests are refused. */
  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = this.file.endsWith('.ts')
      ? new Worker(BOOTSTRAP, { workerData: { ownThreadEntry: this.file } })
      : new Worker(this.file);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      p.resolve(reply);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(this.stopped(err.message));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
