// What the starter takes from scikit-learn besides the model: train_test_split and three metrics.
import type { Table } from 'pipewright';

/** A seeded random number generator (mulberry32): the same split on every run for one seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows shuffled with `random_state`, the first `test_size` of them for testing: [X_train, X_test, y_train, y_test]. */
export function trainTestSplit(
  X: Table,
  y: number[],
  options: { test_size: number; random_state: number },
): [Table, Table, number[], number[]] {
  const order = Array.from({ length: X.numRows() }, (_, i) => i);
  const next = random(options.random_state);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTest = Math.round(order.length * options.test_size);
  const [test, train] = [order.slice(0, nTest), order.slice(nTest)];
  return [X.reify(train) as Table, X.reify(test) as Table, train.map((i) => y[i]), test.map((i) => y[i])];
}

export function r2Score(actual: number[], predicted: number[]): number {
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  const ssRes = actual.reduce((s, y, i) => s + (y - predicted[i]) ** 2, 0);
  const ssTot = actual.reduce((s, y) => s + (y - mean) ** 2, 0);
  return 1 - ssRes / ssTot;
}

export function meanAbsoluteError(actual: number[], predicted: number[]): number {
  return actual.reduce((s, y, i) => s + Math.abs(y - predicted[i]), 0) / actual.length;
}

export function maxError(actual: number[], predicted: number[]): number {
  return Math.max(...actual.map((y, i) => Math.abs(y - predicted[i])));
}
