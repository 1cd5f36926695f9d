// A SequentialRunner run on one worker thread, for the CLI and the app alike: the project, the
// engine and the nodes run there, in process as the library's SequentialRunner runs them; the
// host's main thread keeps Ctrl+C or Cancel, the log or the live events, and the history
// recorder, and reads the run's events from shared memory in batches. A node that computes for
// ever cannot block the host nor stop a cancel: the thread is terminated.
import type { Worker } from 'node:worker_threads';
import type { ErrorInfo, RunEvent } from '../../../src-shared/run-events';
import { applyRunEvent, newRunState, type RunState } from '../../../src-shared/run-state';
import { PipewrightError } from '../../engine/errors';
import type { RunOutcome, RunRecorderLike, RunMeta, RunRequest } from '../run-request';
import { defaultWorkerMemoryMb } from '../../workers/spawners';
import { RingReader, newRing } from './event-ring';
import { endRunState, endedProcessMessage, neverFinishedMessage, type Ending } from './end-run';
import type { RunThreadRecord, RunThreadValues } from './run-thread-records';
import type { RunThreadData } from './run-thread-data';
import { startRunThreadWorker, type SpareThread } from './spare-thread';

/** After a Ctrl+C or a Cancel, how long a run may take to stop by itself before its thread is terminated. */
const CANCEL_GRACE_MS = 150;

/** How long after a wake the events are read: one read takes a batch of them. */
const DRAIN_DELAY_MS = 4;

/** On a second Ctrl+C, how long to wait for the thread to take the first one. */
const STOP_WAIT_MS = 100;

export interface RunThreadHooks {
  onEvent(event: RunEvent): void;
  /** Opens the history recorder for this run (absent: the host records nothing). */
  record?(meta: RunMeta): RunRecorderLike;
  /** The project is loaded and the pipeline chosen: the run's id and nodes, before any event. */
  onPrepared?(prepared: { runId: string; pipeline: string; nodes: string[] }): void;
  /** What the thread prints outside a node (nodes' own output is in their log events); default stderr. */
  output?(chunk: Buffer): void;
}

export interface RunThreadOptions {
  /** The host records runs: the thread reads the project's history for fingerprints (and `changed`). */
  fingerprints: boolean;
  /** The host previews memory datasets: their values come back with the outcome (`memoryValues`). */
  keepMemory: boolean;
}

/** A run on its own thread; `outcome` settles as `startRun`'s promise does. */
export class RunThread {
  readonly outcome: Promise<RunOutcome>;
  /** With `keepMemory`, once `outcome` resolved: the memory datasets' and free outputs' values. */
  memoryValues = new Map<string, unknown>();
  /** Values that could not cross back, with the reason. */
  memoryLeft: Record<string, string> = {};
  private worker: Worker | undefined;
  private ring: RingReader | undefined;
  private state: RunState | undefined;
  private recorder: RunRecorderLike | undefined;
  private settled = false;
  private aborted = false;
  private fault: RunThreadRecord['k'] | undefined;
  private exitError: Error | undefined;
  private memoryMb = 0;
  private drainTimer: NodeJS.Timeout | undefined;
  /** The outcome, while the values posted before it are on their way. */
  private pending: RunOutcome | undefined;
  private valuesIn = false;
  private decoder: typeof import('./run-thread-values') | undefined;
  private resolve!: (outcome: RunOutcome) => void;
  private reject!: (error: Error) => void;

  constructor(
    private readonly request: RunRequest,
    private readonly hooks: RunThreadHooks,
    private readonly options: RunThreadOptions = { fingerprints: true, keepMemory: false },
    /** A thread started ahead of the run, used if it fits the run. */
    private readonly spare?: SpareThread,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.start().catch((error) => this.settle(() => this.reject(error)));
  }

  /** Ctrl+C or Cancel: the run stops starting nodes; a node still running after a short grace is stopped with the thread. */
  abort(): void {
    if (this.aborted || this.settled) return;
    this.aborted = true;
    this.worker?.postMessage('abort');
    setTimeout(() => {
      if (!this.settled) void this.worker?.terminate();
    }, CANCEL_GRACE_MS).unref();
  }

  /** A second Ctrl+C: what the thread wrote is read, the thread stopped, the run ended cancelled. */
  stopNow(): RunOutcome | undefined {
    // The thread's own lines about the first Ctrl+C belong to the log, unless a node keeps it busy.
    if (this.aborted) this.ring?.waitForFlag(STOP_WAIT_MS);
    this.drain();
    if (this.settled) return undefined;
    void this.worker?.terminate();
    return this.end(
      'cancelled',
      { name: 'RunCancelledError', message: 'The run was stopped at once (Ctrl+C twice).' },
      () => ({
        name: 'RunCancelledError',
        message: 'The run was stopped while this node ran.',
      }),
    );
  }

  private async start(): Promise<void> {
    this.memoryMb = this.request.maxWorkerMemory ?? defaultWorkerMemoryMb();
    const ring = newRing();
    this.ring = new RingReader(ring);
    const data: RunThreadData = { request: this.request, ring, ...this.options };
    // The codec (and the table library) load only in a host that keeps values.
    const [spare, decoder] = await Promise.all([
      this.spare?.take(this.memoryMb),
      this.options.keepMemory ? import('./run-thread-values') : undefined,
    ]);
    this.decoder = decoder;
    const worker = spare?.worker ?? (await startRunThreadWorker(data, this.memoryMb));
    if (spare) worker.postMessage(data);
    this.worker = worker;
    // What the thread prints outside a node (captured there) goes to stderr: stdout is for --json.
    worker.stdout.on('data', this.hooks.output ?? ((chunk: Buffer) => process.stderr.write(chunk)));
    worker.on('message', (message: 0 | RunThreadValues) => {
      if (message !== 0) return this.onValues(message);
      // Read a little later: meanwhile the thread writes on without waking this one again.
      if (this.drainTimer) return;
      this.drainTimer = setTimeout(() => {
        this.drainTimer = undefined;
        this.drain();
      }, DRAIN_DELAY_MS);
    });
    worker.on('error', (error) => (this.exitError = error));
    worker.on('exit', (code) => this.onExit(code));
    if (this.aborted) worker.postMessage('abort');
  }

  private drain(): void {
    if (!this.ring) return;
    this.ring.drainEach(this.onRecords);
  }

  private readonly onRecords = (records: unknown[]): void => {
    for (const record of records as RunThreadRecord[]) this.onRecord(record);
  };

  private onRecord(record: RunThreadRecord): void {
    if (this.settled) return;
    switch (record.k) {
      case 'event': {
        const event = record.event;
        if (event.type === 'run-start')
          this.state = newRunState(event.runId, event.pipeline, event.runner, event.nodes, event.at);
        if (this.state) applyRunEvent(this.state, event);
        this.recorder?.onEvent(event);
        this.hooks.onEvent(event);
        break;
      }
      case 'prepared':
        this.hooks.onPrepared?.(record);
        break;
      case 'meta':
        this.recorder = this.hooks.record?.(record.meta);
        break;
      case 'outcome': {
        const outcome = { ...record.outcome, freeOutputValues: {} };
        if (record.values && !this.valuesIn) this.pending = outcome;
        else this.finishWithValues(outcome);
        break;
      }
      case 'error': {
        const error = record.ours ? new PipewrightError(record.error.message) : new Error(record.error.message);
        if (!record.ours) error.name = record.error.name;
        if (record.error.stack) error.stack = record.error.stack; // PIPEWRIGHT_DEBUG shows where it was thrown
        this.settle(() => this.reject(error));
        break;
      }
      default:
        this.fault = record.k;
    }
  }

  private onValues(message: RunThreadValues): void {
    if (this.settled) return;
    this.memoryValues = this.decoder!.receivedValues(message);
    this.memoryLeft = message.left;
    this.valuesIn = true;
    if (this.pending) this.finishWithValues(this.pending);
  }

  private finishWithValues(outcome: RunOutcome): void {
    const values = this.memoryValues;
    outcome.freeOutputValues = Object.fromEntries(
      outcome.freeOutputs.filter((name) => values.has(name)).map((name) => [name, values.get(name)]),
    );
    this.finish(outcome);
  }

  private onExit(code: number): void {
    this.drain();
    // The thread ended before its values came: the run ended as its outcome says, without them.
    if (this.pending) this.finish(this.pending);
    if (this.settled) return;
    const oom = (this.exitError as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const what = "the run's thread";
    if (this.aborted && !this.fault && !this.exitError) {
      this.end('cancelled', { name: 'RunCancelledError', message: 'The run was cancelled.' }, () => ({
        name: 'RunCancelledError',
        message: 'The run was cancelled while this node ran.',
      }));
    } else if (oom) {
      this.end('failed', { name: 'WorkerOutOfMemoryError', message: `${what} ran out of memory` }, (node) => ({
        name: 'WorkerOutOfMemoryError',
        message: `node ${node} ran out of memory (limit ${this.memoryMb} MB): ${what} stopped. Raise the limit with --max-worker-memory <MB>.`,
      }));
    } else if (this.exitError) {
      const how = `with error: ${this.exitError.message}`;
      this.end('failed', { name: 'WorkerCrashError', message: `${what} exited ${how}` }, (node) => ({
        name: 'WorkerCrashError',
        message: `${what} exited ${how} while running node ${node}`,
      }));
    } else if (this.fault === 'exit' || (!this.fault && !this.exitError && code === 0)) {
      this.end('failed', { name: 'ProcessExit', message: 'Code run by the pipeline ended the process.' }, (node) => ({
        name: 'ProcessExit',
        message: endedProcessMessage(node),
      }));
    } else if (this.fault === 'hang') {
      this.end(
        'failed',
        { name: 'NeverFinished', message: 'The run never finished: a promise it waits on can no longer settle.' },
        (node) => ({ name: 'NeverFinished', message: neverFinishedMessage(node) }),
      );
    } else {
      const how = `with code ${code}`;
      this.end('failed', { name: 'WorkerCrashError', message: `${what} exited ${how}` }, (node) => ({
        name: 'WorkerCrashError',
        message: `${what} exited ${how} while running node ${node}`,
      }));
    }
  }

  /** Ends the run from here (its thread is gone); before run-start there is no run to end. */
  private end(status: Ending, runError: ErrorInfo, nodeError: (node: string) => ErrorInfo): RunOutcome | undefined {
    const state = this.state;
    if (!state) {
      this.settle(() => this.reject(new PipewrightError(`${runError.message} It happened before the run started.`)));
      return undefined;
    }
    if (state.status !== 'running') {
      // The run ended before its thread went (its outcome was not written): it ended as its events say.
      const ended: RunOutcome = {
        ...state,
        status: state.status === 'interrupted' ? 'failed' : state.status,
        endedAt: state.endedAt ?? Date.now(),
        freeOutputs: state.freeOutputs ?? [],
        freeOutputValues: {},
      };
      this.finish(ended);
      return ended;
    }
    const outcome = endRunState(state, status, runError, nodeError, (event) => {
      this.recorder?.onEvent(event);
      this.hooks.onEvent(event);
    });
    this.finish(outcome);
    return outcome;
  }

  private finish(outcome: RunOutcome): void {
    this.settle(() => this.resolve(outcome));
  }

  private settle(then: () => void): void {
    if (this.settled) return;
    this.settled = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.recorder?.close();
    void this.worker?.terminate();
    then();
  }
}
