import { RunCancelledError } from '../errors';
import type { ProjectRef } from '../runner/run-context';
import type { FromWorker, Result, TaskOutput, TaskSpec, WorkerEvent } from '../../workers/protocol';
import type { SpawnWorker, WorkerExit, WorkerHandle } from './types';

export interface WorkerPoolOptions {
  size: number;
  spawn: SpawnWorker;
}

/** A worker died while running a node: the message says which worker, how, and which node. */
export class WorkerCrashError extends Error {
  constructor(worker: WorkerHandle, exit: WorkerExit, nodeName: string) {
    const what = worker.kind === 'thread' ? `worker thread ${worker.id.replace(/^thread-/, '')}` : `worker process ${worker.id.replace(/^process-/, '')}`;
    const how = exit.signal ? `with signal ${exit.signal}` : exit.error ? `with error: ${exit.error.message}` : `with code ${exit.code}`;
    super(`${what} exited ${how} while running node ${nodeName}`);
    this.name = 'WorkerCrashError';
  }
}

export interface Dispatch {
  /** Builds the task once a worker is reserved for it (so inputs load after the node starts). */
  prepare(workerId: string): Promise<{ task: TaskSpec; transfer?: ArrayBuffer[] }>;
  onEvent?(event: WorkerEvent): void;
  /** Who dispatched it: `cancel(owner)` stops only that owner's tasks. */
  owner?: object;
}

interface Slot {
  handle: WorkerHandle;
  ready: Promise<void>;
  busy?: { id: number; node: string; owner?: object; resolve(r: Result<TaskOutput>): void; reject(e: Error): void; onEvent?: (e: WorkerEvent) => void };
  dead: boolean;
  cancelling: boolean;
}

/**
 * A pool of workers behind one interface, whatever hosts them (spawn decides). Tasks queue
 * until a worker is free; a worker that dies fails its task with a WorkerCrashError and is
 * replaced; `cancel()` kills busy workers (hard cancel) and refills the pool. The app keeps one
 * warm between runs; the CLI makes one per run.
 */
export class WorkerPool {
  readonly size: number;
  private readonly spawnWorker: SpawnWorker;
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private readonly loadedRefs = new Map<string, ProjectRef>();
  private nextTaskId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error(`A worker pool needs at least one worker, not ${options.size}.`);
    this.size = Math.floor(options.size);
    this.spawnWorker = options.spawn;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawnSlot());
  }

  /** Whether workers take ArrayBuffers by transfer (threads) rather than through shared files. */
  get canTransfer(): boolean {
    return this.slots[0]?.handle.canTransfer ?? false;
  }

  /** Resolves once every worker has started (the app awaits this to warm the pool). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Asks every worker to load the project now, so the first node does not wait for it. */
  preload(ref: ProjectRef): void {
    const key = JSON.stringify([ref.root, ref.env ?? null, ref.runtimeParams ?? null]);
    if (this.loadedRefs.has(key)) return;
    this.loadedRefs.set(key, ref);
    for (const slot of this.slots) this.sendWhenReady(slot, ref);
  }

  /**
   * Project files changed (the app watches them): workers drop the projects they loaded and load
   * them afresh for the next run. Workers stay up, so the pool stays warm.
   */
  forgetProjects(): void {
    this.loadedRefs.clear();
    for (const slot of this.slots) {
      void slot.ready.then(() => {
        if (!slot.dead) slot.handle.send({ type: 'forget-projects' });
      }, () => undefined);
    }
  }

  /** Runs one task on the next free worker. */
  async run(dispatch: Dispatch): Promise<Result<TaskOutput> & { worker: string }> {
    if (this.closed) throw new Error('The worker pool is closed.');
    const slot = await this.acquire();
    let prepared: { task: TaskSpec; transfer?: ArrayBuffer[] };
    try {
      await slot.ready;
      prepared = await dispatch.prepare(slot.handle.id);
    } catch (err) {
      this.release(slot);
      throw err;
    }
    if (slot.dead) throw new WorkerCrashError(slot.handle, { code: null, signal: null }, prepared.task.node);
    const id = this.nextTaskId++;
    return new Promise((resolve, reject) => {
      slot.busy = {
        id,
        node: prepared.task.node,
        owner: dispatch.owner,
        resolve: (r) => resolve({ ...r, worker: slot.handle.id }),
        reject,
        onEvent: dispatch.onEvent,
      };
      try {
        slot.handle.send({ type: 'task', id, task: prepared.task }, prepared.transfer);
      } catch (err) {
        slot.busy = undefined;
        this.release(slot);
        reject(err);
      }
    });
  }

  /** Kills the workers that are running tasks; their tasks reject with RunCancelledError. */
  cancel(owner?: object): void {
    for (const slot of this.slots) {
      if (slot.busy && !slot.dead && (owner === undefined || slot.busy.owner === owner)) {
        slot.cancelling = true;
        slot.handle.kill();
      }
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      slot.dead = true;
      slot.busy?.reject(new RunCancelledError('The worker pool was closed while a node was running.'));
      slot.busy = undefined;
      slot.handle.kill();
    }
    this.slots.length = 0;
  }

  private spawnSlot(): Slot {
    const handle = this.spawnWorker();
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    const slot: Slot = { handle, ready: new Promise<void>((res, rej) => ((onReady = res), (onFail = rej))), dead: false, cancelling: false };
    slot.ready.catch(() => undefined);
    handle.onMessage((m: FromWorker) => {
      if (m.type === 'ready') onReady();
      else if (m.type === 'event' && slot.busy?.id === m.id) slot.busy.onEvent?.(m.event);
      else if (m.type === 'result' && slot.busy?.id === m.id) {
        const busy = slot.busy;
        slot.busy = undefined;
        busy.resolve(m.result);
        this.release(slot);
      }
    });
    handle.onExit((exit) => this.onExit(slot, exit, onFail));
    return slot;
  }

  private onExit(slot: Slot, exit: WorkerExit, failReady: (e: Error) => void): void {
    if (slot.dead) return;
    slot.dead = true;
    failReady(new Error(`${slot.handle.id} exited before it was ready (code ${exit.code}, signal ${exit.signal})`));
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) busy.reject(slot.cancelling ? new RunCancelledError() : new WorkerCrashError(slot.handle, exit, busy.node));
    const index = this.slots.indexOf(slot);
    if (this.closed || index === -1) return;
    const fresh = this.spawnSlot();
    this.slots[index] = fresh;
    for (const ref of this.loadedRefs.values()) this.sendWhenReady(fresh, ref);
    void fresh.ready.then(() => {
      if (!this.reserved.has(fresh)) this.release(fresh);
    }, () => undefined);
  }

  // A forked child drops messages that arrive before it listens: wait for its 'ready'.
  private sendWhenReady(slot: Slot, ref: ProjectRef): void {
    void slot.ready.then(() => {
      if (!slot.dead) slot.handle.send({ type: 'load-project', ref });
    }, () => undefined);
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy && !s.dead && !this.reserved.has(s));
    if (free) {
      this.reserved.add(free);
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private readonly reserved = new Set<Slot>();

  private release(slot: Slot): void {
    this.reserved.delete(slot);
    if (slot.dead || slot.busy) return;
    const next = this.waiting.shift();
    if (next) {
      this.reserved.add(slot);
      next(slot);
    }
  }
}
