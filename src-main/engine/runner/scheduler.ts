import type { ErrorInfo, NodeTimings } from '../../../src-shared/run-events';
import type { DataCatalog } from '../catalog/data-catalog';
import { RunCancelledError, RunnerError } from '../errors';
import type { Node } from '../node';
import type { Pipeline } from '../pipeline';
import type { RunContext } from './run-context';

/** Where a node ran and how long each step took. */
export interface NodeRun {
  worker: string;
  timings: NodeTimings;
}

/** A failed node: its error, where it ran, and the time spent before it failed. */
export class NodeExecutionError extends Error {
  constructor(
    readonly cause: unknown,
    readonly worker: string,
    readonly timings: NodeTimings = { loadMs: 0, computeMs: 0, saveMs: 0 },
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Runs nodes somewhere: in this process, on worker threads, in worker processes. The executor
 * emits each node's `node-start` (it knows the worker); the scheduler emits the rest.
 */
export interface NodeExecutor {
  /** How many nodes may run at once. */
  readonly capacity: number;
  /** Resolves when the node's outputs are saved; rejects with a NodeExecutionError. */
  execute(node: Node, catalog: DataCatalog, ctx: RunContext): Promise<NodeRun>;
  /** Stops nodes that are running (cancellation); their promises then reject. */
  abort?(): void;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/**
 * The one scheduler behind every runner: a node starts as soon as all its parents are done (not
 * layer by layer), at most `executor.capacity` at once, ready nodes taken in `pipeline.nodes` order
 * (so a capacity of one runs exactly that order, as Kedro's SequentialRunner does).
 * A node that becomes ready is reported `node-queued`: it waits for a free worker until its
 * executor reports `node-start`. Memory is released as soon as a dataset's last consumer has run. On the first failure no new
 * node starts; nodes already running finish; then the first error is thrown.
 */
export async function schedule(
  pipeline: Pipeline,
  catalog: DataCatalog,
  ctx: RunContext,
  executor: NodeExecutor,
): Promise<void> {
  const nodes = pipeline.nodes;
  const total = nodes.length;
  const releaser = new Releaser(pipeline, catalog);
  const waitingParents = new Map<Node, number>();
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const ready: Node[] = []; // sorted by rank, descending: pop() takes the earliest
  for (const n of nodes) {
    const count = pipeline.parentsOf(n).length;
    waitingParents.set(n, count);
    if (count === 0) ready.push(n);
  }
  ready.sort((a, b) => rank.get(b)! - rank.get(a)!);

  let inFlight = 0;
  let done = 0;
  let firstError: unknown;
  let cancelled = false;
  const started = new Set<Node>();
  const queued = (node: Node) => {
    if (ctx.listening) ctx.emit({ type: 'node-queued', at: Date.now(), node: node.name });
  };

  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      if (cancelled) return;
      cancelled = true;
      ctx.log('warning', 'Cancelling the run: no new node will start.', undefined, 'pipewright.runner');
      executor.abort?.();
      if (inFlight === 0) finish();
    };
    ctx.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      ctx.signal?.removeEventListener('abort', onAbort);
      for (const n of nodes) {
        if (!started.has(n)) ctx.emit({ type: 'node-skip', at: Date.now(), node: n.name });
      }
      if (firstError !== undefined) reject(firstError);
      else if (cancelled) reject(new RunCancelledError());
      else if (done < total) {
        reject(
          new RunnerError(
            `Unable to schedule new tasks although some nodes have not been run: ${nodes
              .filter((n) => !started.has(n))
              .map((n) => n.name)
              .join(', ')}`,
          ),
        );
      } else resolve();
    };

    const onSuccess = async (node: Node, result: NodeRun) => {
      try {
        done++;
        ctx.completed.add(node.name);
        await releaser.afterNode(node);
        ctx.emit({
          type: 'node-end',
          at: Date.now(),
          node: node.name,
          worker: result.worker,
          status: 'done',
          timings: result.timings,
        });
        if (ctx.listening) {
          ctx.log('info', `Completed node: ${node.name}`, node.name, 'pipewright.runner');
          ctx.log('info', `Completed ${done} out of ${total} tasks`, undefined, 'pipewright.runner');
        }
        for (const child of pipeline.childrenOf(node)) {
          const left = waitingParents.get(child)! - 1;
          waitingParents.set(child, left);
          if (left === 0) {
            insertSorted(ready, child, rank);
            queued(child);
          }
        }
      } catch (err) {
        firstError ??= err;
      }
      settle();
    };

    const onFailure = (node: Node, err: unknown) => {
      const failure = err instanceof NodeExecutionError ? err : new NodeExecutionError(err, 'main');
      const cause = failure.cause;
      const wasCancel =
        cancelled && (cause instanceof RunCancelledError || (cause as Error)?.name === 'RunCancelledError');
      ctx.emit({
        type: 'node-end',
        at: Date.now(),
        node: node.name,
        worker: failure.worker,
        status: wasCancel ? 'cancelled' : 'failed',
        timings: failure.timings,
        error: errorInfo(cause),
      });
      if (!wasCancel) {
        ctx.log(
          'error',
          `Node ${node} failed with error: \n${errorInfo(cause).message}`,
          node.name,
          'pipewright.pipeline.node',
        );
        firstError ??= cause;
      }
      settle();
    };

    const settle = () => {
      inFlight--;
      pump();
    };

    const pump = () => {
      const stopping = cancelled || firstError !== undefined;
      while (!stopping && ready.length && inFlight < executor.capacity) {
        const node = ready.pop()!;
        started.add(node);
        inFlight++;
        let pending: Promise<NodeRun>;
        try {
          pending = executor.execute(node, catalog, ctx);
        } catch (err) {
          pending = Promise.reject(err);
        }
        pending.then(
          (r) => onSuccess(node, r),
          (e) => onFailure(node, e),
        );
      }
      if (inFlight === 0) finish();
    };

    if (ctx.signal?.aborted) onAbort();
    else {
      for (let i = ready.length - 1; i >= 0; i--) queued(ready[i]);
      pump();
    }
  });
}

function insertSorted(descending: Node[], node: Node, rank: Map<Node, number>): void {
  const r = rank.get(node)!;
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rank.get(descending[mid])! > r) lo = mid + 1;
    else hi = mid;
  }
  descending.splice(lo, 0, node);
}

/**
 * Kedro's release policy: a dataset is released once the last node reading it has run, unless it
 * is a free input of the pipeline; an output nobody reads is released unless it is a terminal output.
 */
class Releaser {
  private readonly loadsLeft = new Map<string, number>();
  private readonly freeInputs: Set<string>;
  private readonly terminalOutputs: Set<string>;
  private readonly rawConsumed = new Set<string>();

  constructor(
    pipeline: Pipeline,
    private readonly catalog: DataCatalog,
  ) {
    for (const n of pipeline.nodes) {
      for (const i of n.inputs) {
        this.loadsLeft.set(i, (this.loadsLeft.get(i) ?? 0) + 1);
        this.rawConsumed.add(i);
      }
    }
    this.freeInputs = pipeline.inputs();
    this.terminalOutputs = pipeline.outputs();
  }

  async afterNode(node: Node): Promise<void> {
    for (const i of node.inputs) {
      const left = this.loadsLeft.get(i)! - 1;
      this.loadsLeft.set(i, left);
      if (left === 0 && !this.freeInputs.has(i)) await this.catalog.release(i);
    }
    for (const o of node.outputs) {
      if (!this.rawConsumed.has(o) && !this.terminalOutputs.has(o)) await this.catalog.release(o);
    }
  }
}
