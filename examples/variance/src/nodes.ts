// The seed's functions: mean, mean of squares, variance.
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export const len = (xs: number[]) => xs.length;
export const mean = (xs: number[], n: number) => sum(xs) / n;
export const meanSos = (xs: number[], n: number) => sum(xs.map((x) => x * x)) / n;
export const variance = (m: number, m2: number) => m2 - m * m;
