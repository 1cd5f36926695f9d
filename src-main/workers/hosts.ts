// The three worker hosts, one small adapter each. Message shapes differ: a worker thread has
// worker_threads' parentPort; a forked Node child has process.on('message') / process.send;
// an Electron utility process has process.parentPort, whose 'message' event wraps the data in
// `{ data }`. Nothing here imports 'electron': the utility host only reads process.parentPort.
import type { FromWorker, ToWorker, WorkerPort } from '../engine/pool/protocol';

interface ThreadParentPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message', handler: (message: unknown) => void): void;
}

export function threadPort(parentPort: ThreadParentPort): WorkerPort {
  return {
    canTransfer: true,
    post: (message: FromWorker, transfer?: ArrayBuffer[]) => parentPort.postMessage(message, transfer),
    onMessage: (handler) => parentPort.on('message', (m) => handler(m as ToWorker)),
  };
}

interface ChildProcessLike {
  readonly ppid: number;
  readonly connected?: boolean;
  send?(message: unknown): boolean;
  on(event: 'message', handler: (message: unknown) => void): unknown;
  on(event: 'disconnect', handler: () => void): unknown;
}

/** How often an idle worker process looks for its host; a busy one also looks before each save. */
const HOST_CHECK_MS = 1000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function childPort(proc: ChildProcessLike): WorkerPort {
  // Orphaned when the engine dies without killing us (kill -9): exit rather than linger. The IPC
  // channel's disconnect is seen only on a turn of the event loop, which a node computing or
  // saving does not give; whether the parent still exists can be asked at any time.
  const parent = proc.ppid;
  const hostGone = () => proc.connected === false || !isAlive(parent);
  proc.on('disconnect', () => process.exit(0));
  setInterval(() => {
    if (hostGone()) process.exit(0);
  }, HOST_CHECK_MS).unref();
  return {
    canTransfer: false,
    hostGone,
    post: (message: FromWorker) => {
      proc.send!(message);
    },
    onMessage: (handler) => proc.on('message', (m) => handler(m as ToWorker)),
  };
}

/** Electron's `process.parentPort` in a utility process: `on('message', (e) => e.data)`. */
export interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', handler: (event: { data: unknown }) => void): unknown;
}

export function utilityPort(parentPort: UtilityParentPort): WorkerPort {
  return {
    canTransfer: false,
    post: (message: FromWorker) => parentPort.postMessage(message),
    onMessage: (handler) => parentPort.on('message', (e) => handler(e.data as ToWorker)),
  };
}
