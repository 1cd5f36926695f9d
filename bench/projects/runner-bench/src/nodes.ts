import { aq, isTable, type Table } from 'pipewright';
import { busy } from './busy';

export { busy };

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function identity<T>(x: T): T {
  return x;
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
  if (kind === 'table') {
    // Two float64 columns of 50 MiB each: a 100 MiB table.
    const rows = n / 16;
    const value = aq.table({ a: new Float64Array(rows).fill(1), b: Float64Array.from({ length: rows }, (_, i) => i) });
    return [value, now()];
  }
  const value = kind === 'buffer' ? Buffer.alloc(n, 1) : new Float64Array(n / 8).fill(1);
  return [value, now()];
}

export function consume(big: ArrayBufferView | Table): [number, number] {
  const t = now();
  if (isTable(big)) {
    const rows = big.numRows();
    // The size of its float64 columns, once the last row reads back right.
    return [big.get('b', rows - 1) === rows - 1 ? rows * big.numCols() * 8 : -1, t];
  }
  return [big.byteLength, t];
}
