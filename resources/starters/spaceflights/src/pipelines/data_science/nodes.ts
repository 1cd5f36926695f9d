import { fitLinearRegression, predict, type LinearModel } from './linear-regression';

type Row = Record<string, unknown>;

export interface ModelOptions {
  test_size: number;
  random_state: number;
  features: string[];
}

/** A seeded shuffle (mulberry32), so a split is the same on every run for one random_state. */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const toNumber = (v: unknown) => (typeof v === 'boolean' ? Number(v) : Number(v));

/** Features and the target (price), split into train and test sets. */
export function splitData(data: Row[], options: ModelOptions) {
  const rows = shuffled(data, options.random_state);
  const nTest = Math.round(rows.length * options.test_size);
  const X = rows.map((r) => options.features.map((f) => toNumber(r[f])));
  const y = rows.map((r) => toNumber(r.price));
  return { X_train: X.slice(nTest), X_test: X.slice(0, nTest), y_train: y.slice(nTest), y_test: y.slice(0, nTest) };
}

export function trainModel(X_train: number[][], y_train: number[]): LinearModel {
  return fitLinearRegression(X_train, y_train);
}

/** R², mean absolute error and max error on the test set. */
export function evaluateModel(regressor: LinearModel, X_test: number[][], y_test: number[]) {
  const predicted = predict(regressor, X_test);
  const mean = y_test.reduce((a, b) => a + b, 0) / y_test.length;
  const ssRes = y_test.reduce((s, y, i) => s + (y - predicted[i]) ** 2, 0);
  const ssTot = y_test.reduce((s, y) => s + (y - mean) ** 2, 0);
  const errors = y_test.map((y, i) => Math.abs(y - predicted[i]));
  return {
    r2_score: 1 - ssRes / ssTot,
    mae: errors.reduce((a, b) => a + b, 0) / errors.length,
    max_error: Math.max(...errors),
    test_rows: y_test.length,
  };
}
