// A node whose promise waits on nothing (no timer, no I/O, no socket, no child process) can never
// settle. A process would see its event loop empty and exit; a worker does not, because its
// channel to the host keeps it alive. This watch sees that state and names the node instead.

/** Handles that are the worker's own channel to its host (and its stdio): they never settle a node's promise. */
const CHANNEL_RESOURCES = new Set(['MessagePort', 'PipeWrap', 'TTYWrap']);
const CHECK_MS = 250;
/** Quiet checks in a row before a task is given up: the state must last, not be a passing moment. */
const QUIET_CHECKS = 2;

export function neverFinishedMessage(node: string): string {
  return `node ${node} never finished: its promise can no longer settle (it waits on nothing: no timer, I/O or other work is pending)`;
}

/** Tracks the tasks a worker runs; tells `onStalled` the ones that can no longer finish. */
export class StallWatch {
  private readonly pending = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private quiet = 0;

  constructor(private readonly onStalled: (tasks: Array<[id: number, node: string]>) => void) {}

  begin(id: number, node: string): void {
    this.pending.set(id, node);
    // Unref'd: the watch itself must not count as pending work, nor keep the worker alive.
    this.timer ??= setInterval(() => this.check(), CHECK_MS).unref();
  }

  /** Whether the task was still watched (false once it was reported stalled). */
  end(id: number): boolean {
    const had = this.pending.delete(id);
    if (!this.pending.size) this.stop();
    return had;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.quiet = 0;
  }

  private check(): void {
    const busy = process.getActiveResourcesInfo().some((r) => !CHANNEL_RESOURCES.has(r));
    if (busy) {
      this.quiet = 0;
      return;
    }
    if (++this.quiet < QUIET_CHECKS) return;
    const stalled = [...this.pending];
    this.pending.clear();
    this.stop();
    this.onStalled(stalled);
  }
}
