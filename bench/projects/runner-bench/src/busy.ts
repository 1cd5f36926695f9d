// Apart from nodes.ts, which imports 'pipewright' (resolved only inside a project), so that the
// cpu_wide bench can calibrate with it directly.

/** Kedro's busy(n): s += (i*i) % 7 for i < n. */
export function busy(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (i * i) % 7;
  return s;
}
