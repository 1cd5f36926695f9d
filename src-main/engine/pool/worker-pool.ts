import { RunCancelledError } from '../errors';
import { removeTaskFiles } from './codec';
import type { ProjectRef } from '../runner/run-context';
import type { FromWorker, Result, TaskOutput, TaskSpec, WorkerEvent } from './protocol';
import type { SpawnWorker, WorkerExit, WorkerHandle } from './types';

export interface WorkerPoolOptions {
  size: number;
  spawn: SpawnWorker;
  /** Start the workers without keeping the host alive (a pool started ahead of its run); `ref()` undoes it. */
  unref?: boolean;
}

/**
 * A worker died while running a node: the message says which worker, how, and which node. A worker
 * that exits with code 0 was ended by code it ran (process.exit() in a node), not by a crash.
 */
export class WorkerCrashError extends Error {
  constructor(worker: WorkerHandle, exit: WorkerExit, nodeName: string) {
    const what =
      worker.kind === 'thread'
        ? `worker thread ${worker.id.replace(/^thread-/, '')}`
        : `worker process ${worker.id.replace(/^process-/, '')}`;
    const how = exit.signal
      ? `with signal ${exit.signal}`
      : exit.error
        ? `with error: ${exit.error.message}`
        : `with code ${exit.code}`;
    const detail = `${what} exited ${how} while running node ${nodeName}`;
    if (exit.outOfMemory) {
      const limit = worker.memoryLimitMb ? ` (limit ${worker.memoryLimitMb} MB)` : '';
      super(
        `node ${nodeName} ran out of memory${limit}: ${what} stopped. Raise the limit with --max-worker-memory <MB>.`,
      );
    } else if (exit.code === 0 && !exit.signal && !exit.error) super(`node ${nodeName} ended the process (${detail})`);
    else super(detail);
    this.name = exit.outOfMemory ? 'WorkerOutOfMemoryError' : 'WorkerCrashError';
  }
}

export interface Dispatch {
  /** Builds the task once a worker is chosen for it (so inputs load after the node starts). */
  prepare(workerId: string): Promise<{ task: TaskSpec; transfer?: ArrayBuffer[] }>;
  onEvent?(event: WorkerEvent): void;
  /** Who dispatched it: `cancel(owner)` stops only that owner's tasks. */
  owner?: object;
  /** A worker that holds the task's large inputs: used when it is no busier than the rest. */
  prefer?: string;
}

interface Running {
  node: string;
  owner?: object;
  resolve(r: Result<TaskOutput>): void;
  reject(e: Error): void;
  onEvent?: (e: WorkerEvent) => void;
}

interface Slot {
  handle: WorkerHandle;
  ready: Promise<void>;
  running: Map<number, Running>;
  /** Tasks given this worker and still preparing their inputs. */
  preparing: number;
  isReady: boolean;
  dead: boolean;
  cancelling: boolean;
  /** Replaced after a cancel while it still runs other runs' nodes: killed once those finish. */
  draining: boolean;
}

/**
 * A pool of workers behind one interface, whatever hosts them (spawn decides). A task goes to the
 * live worker with the fewest tasks: a worker may run several nodes at once, which is how async
 * (I/O-bound) nodes share a thread; the scheduler bounds how many run in total. A worker that
 * dies fails its tasks with a WorkerCrashError and is replaced; `cancel()` kills workers running
 * the owner's tasks (hard cancel) and refills the pool. The app keeps one warm between runs; the
 * CLI starts one per run.
 */
export class WorkerPool {
  /** How many workers it keeps (replacing those that die). */
  size: number;
  private readonly spawnWorker: SpawnWorker;
  private readonly slots: Slot[] = [];
  private readonly loadedRefs = new Map<string, ProjectRef>();
  private nextTaskId = 1;
  private closed = false;
  private unreferenced: boolean;
  /** Workers in a row that died before they were ready: a broken worker module, not bad luck. */
  private failedBoots = 0;
  private bootError: Error | undefined;
  private readonly draining = new Set<Slot>();

  constructor(options: WorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error(`A worker pool needs at least one worker, not ${options.size}.`);
    this.size = Math.floor(options.size);
    this.spawnWorker = options.spawn;
    this.unreferenced = Boolean(options.unref);
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
      void slot.ready.then(
        () => {
          if (!slot.dead) slot.handle.send({ type: 'forget-projects' });
        },
        () => undefined,
      );
    }
  }

  /** Runs one task on the least busy worker. */
  async run(dispatch: Dispatch): Promise<Result<TaskOutput> & { worker: string }> {
    if (this.closed) throw new Error('The worker pool is closed.');
    if (this.bootError) throw this.bootError;
    const slot = this.leastBusy(dispatch.prefer);
    slot.preparing++;
    let prepared: { task: TaskSpec; transfer?: ArrayBuffer[] };
    try {
      await slot.ready;
      prepared = await dispatch.prepare(slot.handle.id);
    } catch (err) {
      slot.preparing--;
      this.killIfDrained(slot);
      throw err;
    }
    slot.preparing--;
    if (slot.dead) throw new WorkerCrashError(slot.handle, { code: null, signal: null }, prepared.task.node);
    const id = this.nextTaskId++;
    return new Promise((resolve, reject) => {
      slot.running.set(id, {
        node: prepared.task.node,
        owner: dispatch.owner,
        resolve: (r) => resolve({ ...r, worker: slot.handle.id }),
        reject,
        onEvent: dispatch.onEvent,
      });
      try {
        slot.handle.send({ type: 'task', id, task: prepared.task }, prepared.transfer);
      } catch (err) {
        slot.running.delete(id);
        reject(err);
      }
    });
  }

  /**
   * Stops the owner's tasks (every task without an owner): they reject with RunCancelledError at
   * once. A worker running only such tasks is killed (and replaced); one that also runs another
   * run's nodes (a warm pool shared by two runs) is replaced at once but lets those nodes finish
   * before it is killed.
   */
  cancel(owner?: object): void {
    for (const slot of this.slots) {
      if (slot.dead) continue;
      const cancelled = [...slot.running].filter(([, r]) => owner === undefined || r.owner === owner);
      if (!cancelled.length) continue;
      if (cancelled.length === slot.running.size) {
        slot.cancelling = true;
        slot.handle.kill();
        continue;
      }
      for (const [id, r] of cancelled) {
        slot.running.delete(id);
        r.reject(new RunCancelledError());
      }
      slot.draining = true;
      this.draining.add(slot);
      this.replace(slot);
    }
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Lets the workers keep the host alive again (see `unref` in the options). */
  ref(): void {
    this.unreferenced = false;
    for (const slot of this.slots) slot.handle.ref?.();
  }

  /** Stops workers beyond the first `size` (a pool started ahead of a run that needs fewer). */
  trim(size: number): void {
    this.size = Math.max(1, Math.min(this.size, Math.floor(size)));
    while (this.slots.length > this.size) {
      const slot = this.slots.pop()!;
      slot.dead = true;
      for (const r of slot.running.values())
        r.reject(new RunCancelledError('The worker pool was trimmed while a node was running.'));
      slot.running.clear();
      slot.handle.kill();
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of [...this.slots, ...this.draining]) {
      slot.dead = true;
      for (const r of slot.running.values())
        r.reject(new RunCancelledError('The worker pool was closed while a node was running.'));
      slot.running.clear();
      slot.handle.kill();
    }
    this.slots.length = 0;
    this.draining.clear();
  }

  /** A draining worker whose other runs' nodes are done: killed, and replaced in onExit. */
  private killIfDrained(slot: Slot): void {
    if (!slot.draining || slot.dead || slot.running.size > 0 || slot.preparing > 0) return;
    this.draining.delete(slot);
    slot.dead = true;
    slot.handle.kill();
  }

  private leastBusy(prefer?: string): Slot {
    let best: Slot | undefined;
    const load = (s: Slot) => s.running.size + s.preparing;
    for (const s of this.slots) {
      if (s.dead) continue;
      if (!best || load(s) < load(best) || (load(s) === load(best) && s.handle.id === prefer)) best = s;
    }
    return best ?? this.slots[0];
  }

  private spawnSlot(): Slot {
    const handle = this.spawnWorker();
    if (this.unreferenced) handle.unref?.();
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => ((onReady = res), (onFail = rej)));
    const slot: Slot = {
      handle,
      ready,
      running: new Map(),
      preparing: 0,
      isReady: false,
      dead: false,
      cancelling: false,
      draining: false,
    };
    ready.catch(() => undefined);
    handle.onMessage((m: FromWorker) => {
      if (m.type === 'ready') {
        this.failedBoots = 0;
        slot.isReady = true;
        onReady();
      } else if (m.type === 'event') slot.running.get(m.id)?.onEvent?.(m.event);
      else if (m.type === 'result') {
        const r = slot.running.get(m.id);
        slot.running.delete(m.id);
        // A cancelled task's late result: nobody will read the files its outputs went through.
        if (!r && slot.handle.pid !== undefined) removeTaskFiles(slot.handle.pid, m.id);
        r?.resolve(m.result);
        this.killIfDrained(slot);
      }
    });
    handle.onExit((exit) => this.onExit(slot, exit, onFail));
    return slot;
  }

  private onExit(slot: Slot, exit: WorkerExit, failReady: (e: Error) => void): void {
    if (slot.dead) return;
    slot.dead = true;
    if (!slot.isReady) {
      const why = exit.error ? `: ${exit.error.message}` : '';
      const err = new Error(
        `Worker ${slot.handle.id} exited before it was ready (code ${exit.code}, signal ${exit.signal})${why}. See its output above.`,
      );
      failReady(err);
      // A broken worker module would respawn forever: after 3 in a row, the pool reports it instead.
      if (++this.failedBoots >= 3) this.bootError = err;
    }
    for (const [id, r] of slot.running) {
      if (slot.handle.pid !== undefined) removeTaskFiles(slot.handle.pid, id);
      r.reject(slot.cancelling ? new RunCancelledError() : new WorkerCrashError(slot.handle, exit, r.node));
    }
    slot.running.clear();
    this.draining.delete(slot);
    if (!this.closed && !this.bootError) this.replace(slot);
  }

  /** A fresh worker in the slot's place, loading the projects the pool has loaded. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    const fresh = this.spawnSlot();
    this.slots[index] = fresh;
    for (const ref of this.loadedRefs.values()) this.sendWhenReady(fresh, ref);
  }

  // A forked child drops messages that arrive before it listens: wait for its 'ready'.
  private sendWhenReady(slot: Slot, ref: ProjectRef): void {
    void slot.ready.then(
      () => {
        if (!slot.dead) slot.handle.send({ type: 'load-project', ref });
      },
      () => undefined,
    );
  }
}
