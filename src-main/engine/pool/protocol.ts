// The messages between the engine and a worker (thread, child process or utility process).
// Errors cross as data; node functions never cross: the worker finds nodes by name.
import type { DatasetIoEvent, ErrorInfo, LogEvent, NodeTimings } from '../../../src-shared/run-events';
import type { ProjectRef } from '../runner/run-context';

export type Result<T> = { ok: true; value: T } | { ok: false; error: CrossError };

/** An error as data; `dataset` names the value that could not cross, when that was the cause. */
export interface CrossError extends ErrorInfo {
  dataset?: string;
}

export interface TaskSpec {
  ref: ProjectRef;
  runId: string;
  pipeline: string;
  node: string;
  isAsync: boolean;
  /** Whether anyone listens to events: the worker skips dataset events and logs otherwise. */
  listening: boolean;
  /**
   * Values loaded (or replaced by a hook) in the engine, encoded by the codec. The worker loads
   * the node's other inputs from its own catalog (file datasets built from catalog.yml).
   */
  inputs: Record<string, unknown>;
  /** Outputs the worker saves in its own catalog; the rest come back to the engine. */
  saveHere: string[];
}

export interface TaskOutput {
  /** Outputs for the engine to save, encoded by the codec. */
  outputs: Record<string, unknown>;
  timings: NodeTimings;
}

export type ToWorker =
  | { type: 'load-project'; ref: ProjectRef }
  /** Project files changed: load projects afresh on the next task. */
  | { type: 'forget-projects' }
  | { type: 'task'; id: number; task: TaskSpec }
  | { type: 'shutdown' };

/** What a worker's task reports while it runs: the same events the node would give in the engine. */
export type WorkerEvent = DatasetIoEvent | LogEvent;

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'event'; id: number; event: WorkerEvent }
  | { type: 'result'; id: number; result: Result<TaskOutput> };

/** How a worker host moves messages: one small adapter per host implements this. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: ToWorker) => void): void;
  /** Whether ArrayBuffers can be transferred (threads) or must go through shared files (processes). */
  readonly canTransfer: boolean;
  /** Whether the host died (a worker process outlives it unless it checks); absent where it cannot. */
  hostGone?(): boolean;
}

export function toCrossError(err: unknown, dataset?: string): CrossError {
  if (err instanceof Error) {
    const out: CrossError = { name: err.name, message: err.message, stack: err.stack };
    const ds = dataset ?? (err as { dataset?: string }).dataset;
    if (ds) out.dataset = ds;
    return out;
  }
  return { name: 'Error', message: String(err), ...(dataset ? { dataset } : {}) };
}

/** Rebuilds an Error from data, keeping its name and the worker's stack. */
export function fromCrossError(info: CrossError): Error {
  const err = new Error(info.message);
  err.name = info.name;
  if (info.stack) err.stack = info.stack;
  if (info.dataset) (err as Error & { dataset?: string }).dataset = info.dataset;
  return err;
}
