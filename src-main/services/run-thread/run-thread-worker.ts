// A run's thread: runs a whole SequentialRunner run (project, engine, in-process SequentialRunner)
// and writes its records to the event ring for the host's main thread (the CLI's or the app's),
// which keeps Cancel/Ctrl+C, the log or the live events, and the history. See run-thread.ts.
import { parentPort } from 'node:worker_threads';
import { PipewrightError } from '../../engine/errors';
import { memoryKeeper } from '../memory-keeper';
import { startRun } from '../run-request';
import { RingWriter } from './event-ring';
import type { RunThreadData } from './run-thread-data';
import type { RunThreadRecord } from './run-thread-records';
import type { SpareThreadData } from './spare-thread';
import { sendValues } from './run-thread-values';
import { WarmProject, fingerprintsOf } from './warm-project';

export { RUN_THREAD_DATA } from './run-thread-data';

export function runThreadMain(data: RunThreadData | SpareThreadData, warm?: WarmProject): void {
  const port = parentPort!;
  // Started ahead of its run (spare-thread.ts): the run's data comes in the first message, and
  // meanwhile the open project loads.
  if ('spare' in data) {
    const ahead = data.ahead ? new WarmProject(data.ahead) : undefined;
    return void port.once('message', (run: RunThreadData) => runThreadMain(run, ahead));
  }
  if (warm && !warm.fits(data.request)) warm = undefined;
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
  const kept = new Map<string, unknown>();
  startRun(data.request, {
    signal: controller.signal,
    fingerprints: data.fingerprints ? (warm?.fingerprints ?? fingerprintsOf(data.request.projectRoot)) : undefined,
    loadedProject: warm && (() => warm.current()),
    hooks: data.keepMemory ? [memoryKeeper(kept)] : undefined,
    onPrepared: (p) =>
      out({ k: 'prepared', runId: p.runId, pipeline: p.pipelineName, nodes: p.pipeline.nodes.map((n) => n.name) }),
    onEvent: (event) => ring.writeEvent(event),
    record: (meta) => {
      out({ k: 'meta', meta });
      return { onEvent() {}, close() {} };
    },
  }).then(
    (outcome) => {
      over = true;
      const { freeOutputValues, ...rest } = outcome;
      if (data.keepMemory) {
        for (const [name, value] of Object.entries(freeOutputValues)) kept.set(name, value);
        sendValues(port, kept);
      }
      out({ k: 'outcome', outcome: rest, values: data.keepMemory });
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
