// Ordinary least squares, the part of scikit-learn's LinearRegression the starter uses.
import type { Table } from 'pipewright';

/** A fitted linear model: y ≈ intercept + Σ coefficients[i] · x[i]. Plain data, so it pickles. */
export interface LinearModel {
  intercept: number;
  coefficients: number[];
}

/** The table's rows as numbers (booleans as 0 and 1), in its column order. */
export function featureMatrix(X: Table): number[][] {
  const columns = X.columnNames().map((name: string) => X.array(name) as unknown[]);
  return Array.from({ length: X.numRows() }, (_, row) => columns.map((c: unknown[]) => Number(c[row])));
}

/**
 * Fits through the normal equations (XᵀX)β = Xᵀy, solved by Gaussian elimination with partial
 * pivoting. A tiny ridge term keeps a constant or duplicated feature from making the system singular.
 */
export function fitLinearRegression(X: Table, y: number[], ridge = 1e-8): LinearModel {
  const rows = featureMatrix(X).map((x) => [1, ...x]);
  const k = rows[0].length;
  const A = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0) + (i === j && i > 0 ? ridge : 0)),
  );
  const b = Array.from({ length: k }, (_, i) => rows.reduce((s, r, n) => s + r[i] * y[n], 0));
  const beta = solve(A, b);
  return { intercept: beta[0], coefficients: beta.slice(1) };
}

export function predict(model: LinearModel, X: Table): number[] {
  return featureMatrix(X).map((x) => x.reduce((s, v, i) => s + v * model.coefficients[i], model.intercept));
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
    [M[col], M[pivot]] = [M[pivot], M[col]];
    if (Math.abs(M[col][col]) < 1e-12)
      throw new Error(`The features are linearly dependent (column ${col}); drop one of them.`);
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / M[col][col];
      for (let c = col; c <= n; c++) M[r][c] -= f * M[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let c = r + 1; c < n; c++) s -= M[r][c] * x[c];
    x[r] = s / M[r][r];
  }
  return x;
}
