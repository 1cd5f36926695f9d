/** Collects items and hands them over once per animation frame, so a burst of events costs one render. */
export function frameBatcher<T>(flush: (items: T[]) => void): { push(item: T): void; flushNow(): void } {
  let queue: T[] = [];
  let scheduled = false;
  const schedule =
    typeof requestAnimationFrame === 'function'
      ? (cb: () => void) => requestAnimationFrame(cb)
      : (cb: () => void) => setTimeout(cb, 16);

  function run(): void {
    scheduled = false;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    flush(items);
  }

  return {
    push(item) {
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    },
    flushNow: run,
  };
}
