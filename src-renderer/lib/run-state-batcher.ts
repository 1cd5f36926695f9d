// Collects a run's events and hands them to the store's fold at a calm pace: the first batch after
// a quiet spell on the next frame, then at most one batch every `gapMs` while events keep coming.
// A run reports several events per node, each 16 ms batch of them changed the log, the graph's
// boxes and the timeline, and Chromium restyled, laid out and painted the page every frame while
// the run's own thread needed the CPU. `flushNow` hands over what is pending at once (a run's end).
export interface RunStateBatcher<T> {
  push(item: T): void;
  flushNow(): void;
}

export function runStateBatcher<T>(flush: (items: T[]) => void, gapMs: number): RunStateBatcher<T> {
  let queue: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  let last = -Infinity;
  const now = (): number => performance.now();
  const nextFrame =
    typeof requestAnimationFrame === 'function'
      ? (cb: () => void) => requestAnimationFrame(cb)
      : (cb: () => void) => setTimeout(cb, 16) as unknown as number;
  const cancelFrame = typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout;

  function run(): void {
    if (timer !== undefined) clearTimeout(timer);
    if (frame !== undefined) cancelFrame(frame);
    timer = frame = undefined;
    if (queue.length === 0) return;
    last = now();
    const items = queue;
    queue = [];
    flush(items);
  }

  return {
    push(item) {
      queue.push(item);
      if (timer !== undefined || frame !== undefined) return;
      const wait = last + gapMs - now();
      // Through a frame callback either way: the fold's DOM changes are then drawn in that frame.
      if (wait > 0)
        timer = setTimeout(() => {
          timer = undefined;
          frame = nextFrame(run);
        }, wait);
      else frame = nextFrame(run);
    },
    flushNow: run,
  };
}
