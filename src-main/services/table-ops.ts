// Filtering, sorting and column statistics over typed columns (numbers, strings, booleans, null):
// the same rules for a CSV read block by block in the table worker and for a table already loaded.
import {
  DISTINCT_CAP,
  type ColumnStats,
  type ColumnType,
  type TableFilter,
  type TableSort,
} from '../../src-shared/table-page';
import { ServiceError } from './service-error';

export type Columns = unknown[][];

const HISTOGRAM_BINS = 20;
/** Numbers kept per column for its histogram; beyond this the histogram is of the first ones. */
const HISTOGRAM_VALUES = 1_000_000;

const isNull = (v: unknown): boolean => v === null || v === undefined || v === '';

/** The column's index, or a clear error naming the column and the dataset. */
export function columnIndex(names: string[], column: string, dataset: string): number {
  const i = names.indexOf(column);
  if (i < 0)
    throw new ServiceError(
      'usage',
      `No column '${column}' in '${dataset}': its columns are ${names.map((n) => `'${n}'`).join(', ')}.`,
    );
  return i;
}

/** A test of one row, or null when every row passes. */
export function rowFilter(
  filter: TableFilter | undefined,
  names: string[],
  dataset: string,
): ((columns: Columns, row: number) => boolean) | null {
  const text = filter?.text.trim();
  if (!filter || !text) return null;
  if (filter.column !== undefined) {
    const col = columnIndex(names, filter.column, dataset);
    const cmp = /^(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i.exec(text);
    if (cmp) {
      const [, op, num] = cmp;
      const n = Number(num);
      const test = compare(op!, n);
      return (columns, row) => {
        const v = columns[col]![row];
        return typeof v === 'number' && test(v);
      };
    }
    const needle = text.toLowerCase();
    return (columns, row) => contains(columns[col]![row], needle);
  }
  const needle = text.toLowerCase();
  return (columns, row) => {
    for (const column of columns) if (contains(column[row], needle)) return true;
    return false;
  };
}

function compare(op: string, n: number): (v: number) => boolean {
  switch (op) {
    case '>':
      return (v) => v > n;
    case '>=':
      return (v) => v >= n;
    case '<':
      return (v) => v < n;
    case '<=':
      return (v) => v <= n;
    case '!=':
      return (v) => v !== n;
    default:
      return (v) => v === n;
  }
}

function contains(v: unknown, needle: string): boolean {
  if (isNull(v)) return false;
  return String(v).toLowerCase().includes(needle);
}

/** Sorts row numbers by their key: numbers, then text, then booleans; empty cells last either way; ties by row. */
export function sortRows(rows: Uint32Array, keys: unknown[], sort: TableSort): Uint32Array {
  const dir = sort.desc ? -1 : 1;
  const rank = (v: unknown): number =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? (v === '' ? 3 : 1) : typeof v === 'boolean' ? 2 : 3;
  const ranks = new Uint8Array(keys.length);
  for (let i = 0; i < keys.length; i++) ranks[i] = rank(keys[i]);
  const order = Array.from(rows);
  order.sort((a, b) => {
    const ra = ranks[a]!;
    const rb = ranks[b]!;
    if (ra !== rb) return ra === 3 ? 1 : rb === 3 ? -1 : (ra - rb) * dir;
    if (ra === 3) return a - b;
    const va = keys[a] as number | string | boolean;
    const vb = keys[b] as number | string | boolean;
    if (va < vb) return -dir;
    if (va > vb) return dir;
    return a - b;
  });
  return Uint32Array.from(order);
}

/** Statistics of one column, fed block by block. */
export class ColumnStatsBuilder {
  private nulls = 0;
  private readonly kinds = new Set<ColumnType>();
  private readonly seen = new Set<unknown>();
  private capped = false;
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private count = 0;
  private values = new Float64Array(1024);
  private kept = 0;

  constructor(readonly name: string) {}

  add(column: unknown[], from = 0, to = column.length): void {
    for (let r = from; r < to; r++) {
      const v = column[r];
      if (isNull(v)) {
        this.nulls++;
        continue;
      }
      this.kinds.add(kindOf(v));
      if (!this.capped) {
        this.seen.add(v);
        if (this.seen.size >= DISTINCT_CAP) this.capped = true;
      }
      if (typeof v === 'number' && Number.isFinite(v)) {
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
        this.sum += v;
        this.count++;
        if (this.kept < HISTOGRAM_VALUES) {
          if (this.kept === this.values.length) {
            const grown = new Float64Array(Math.min(HISTOGRAM_VALUES, this.values.length * 2));
            grown.set(this.values);
            this.values = grown;
          }
          this.values[this.kept++] = v;
        }
      }
    }
  }

  result(): ColumnStats {
    const type: ColumnType = this.kinds.size === 0 ? 'null' : this.kinds.size === 1 ? [...this.kinds][0]! : 'mixed';
    const stats: ColumnStats = {
      name: this.name,
      type,
      nulls: this.nulls,
      distinct: this.seen.size,
      distinctCapped: this.capped,
    };
    if (type === 'number' && this.count > 0) {
      stats.min = this.min;
      stats.max = this.max;
      stats.mean = this.sum / this.count;
      stats.histogram = histogram(this.values.subarray(0, this.kept), this.min, this.max, this.kept < this.count);
    }
    return stats;
  }
}

function histogram(values: Float64Array, from: number, to: number, sampled: boolean): ColumnStats['histogram'] {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (to - from) / HISTOGRAM_BINS;
  for (const v of values) {
    const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - from) / width)) : 0;
    counts[bin]!++;
  }
  return { counts: width > 0 ? counts : [values.length], from, to, sampled };
}

export function kindOf(v: unknown): ColumnType {
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof Date) return 'date';
  return 'object';
}

/** A column's type from some of its values. */
export function typeOfValues(values: unknown[]): ColumnType {
  const kinds = new Set<ColumnType>();
  for (const v of values) if (!isNull(v)) kinds.add(kindOf(v));
  if (kinds.size === 0) return 'null';
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}
