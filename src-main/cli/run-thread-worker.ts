// The run's thread: runs a whole `pipewright run` (project, engine, in-process SequentialRunner)
// and writes its records to the event ring for the CLI's main thread, which keeps Ctrl+C, the log
// and the history. See run-thread.ts for the main side.
import { parentPort } from 'node:worker_threads';
import { PipewrightError } from '../engine/errors';
import { startRun, type RunRequest } from '../services/run-request';
import { RingWriter } from './event-ring';
import { fingerprintsOf } from './history-bridge';
import type { RunThreadRecord } from './run-thread-records';

export interface RunThreadData {
  request: RunRequest;
  ring: SharedArrayBuffer;
}

export { RUN_THREAD_DATA } from '../workers/run-thread-data';

export function runThreadMain(data: RunThreadData): void {
  const port = parentPort!;
  const ring = new RingWriter(data.ring, () => port.postMessage(0));
  const out = (record: RunThreadRecord) => ring.write(record);
  const controller = new AbortController();
  port.on('message', (message) => {
    if (message !== 'abort') return;
    controller.abort(); // the engine logs the cancel at once
    ring.raiseFlag();
  });
  // The port must not keep the thread alive: a run whose promises can no longer settle ends the
  // thread's event loop, which is how the main thread learns of it.
  port.unref();
  let over = false;
  process.on('beforeExit', () => {
    if (over) return;
    over = true;
    out({ k: 'hang' });
  });
  process.on('exit', () => {
    if (!over) out({ k: 'exit' });
  });
  startRun(data.request, {
    signal: controller.signal,
    fingerprints: fingerprintsOf(data.request.projectRoot),
    onEvent: (event) => out({ k: 'event', event }),
    record: (meta) => {
      out({ k: 'meta', meta });
      return { onEvent() {}, close() {} };
    },
  }).then(
    (outcome) => {
      over = true;
      const { freeOutputValues: _values, ...rest } = outcome;
      out({ k: 'outcome', outcome: rest });
    },
    (error) => {
      over = true;
      const e = error instanceof Error ? error : new Error(String(error));
      out({
        k: 'error',
        error: { name: e.name, message: e.message, stack: e.stack },
        ours: e instanceof PipewrightError,
      });
    },
  );
}
