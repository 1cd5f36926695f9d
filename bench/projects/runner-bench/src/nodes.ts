const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function identity<T>(x: T): T {
  return x;
}

/** Kedro's busy(n): s += (i*i) % 7 for i < n. */
export function busy(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (i * i) % 7;
  return s;
}

export async function sleepy<T>(x: T): Promise<T> {
  await sleep(100);
  return x;
}

export function fan8(...xs: number[]): number[] {
  return xs.map((x) => x + 1);
}

export function produce(kind: string): [unknown, number] {
  const n = 100 * 1024 * 1024;
  const value = kind === 'buffer' ? Buffer.alloc(n, 1) : new Float64Array(n / 8).fill(1);
  return [value, now()];
}

export function consume(big: ArrayBufferView): [number, number] {
  const t = now();
  return [big.byteLength, t];
}
