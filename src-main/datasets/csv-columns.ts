// Decides each column's type once, from all its cells, then converts the column in one pass.
import { autoCast, type CastRule } from './csv-cast';
import { numberAt } from './csv-number';
import { fieldText, type CsvCells } from './csv-tokenize';

export type CsvColumnType = 'number' | 'boolean' | 'string' | 'null' | 'mixed';

/**
 * What a column holding numbers (or true/false) beside other text becomes: 'cells' casts each cell
 * on its own (CSVDataset's records: `007` stays text next to `10`, a number), 'text' keeps the
 * whole column as text, as pandas does.
 */
export type MixedColumns = 'cells' | 'text';

export interface TypedColumn {
  values: unknown[];
  type: CsvColumnType;
}

/** Column `col` of the data rows (row 0 is the header); every row has the header's width. */
export function castCellsColumn(cells: CsvCells, col: number, rule: CastRule, mixed: MixedColumns): TypedColumn {
  const { text, bounds, rows, rowCount } = cells;
  const count = rowCount - 1;
  if (rule === 'auto') {
    const values: unknown[] = new Array(count);
    let allNull = true;
    let r = 0;
    for (; r < count; r++) {
      const at = rows[r + 1]! + 2 * col;
      const start = bounds[at]!;
      const end = bounds[at + 1]!;
      if (start === end) {
        values[r] = null;
        continue;
      }
      if (start < 0) break;
      const n = numberAt(text, start, end);
      if (n !== n) break;
      values[r] = n;
      allNull = false;
    }
    if (r === count) return { values, type: allNull ? 'null' : 'number' };
  }
  if (rule !== 'auto') return castStrings(columnText(cells, col), rule, mixed);
  // Counted from the offsets: a text cell fails numberAt on its first characters.
  let numbers = 0;
  let booleans = 0;
  let texts = 0;
  for (let r = 0; r < count; r++) {
    const at = rows[r + 1]! + 2 * col;
    const start = bounds[at]!;
    const end = bounds[at + 1]!;
    if (start === end) continue;
    if (start >= 0 && !Number.isNaN(numberAt(text, start, end))) numbers++;
    else if (start >= 0 && booleanAt(text, start, end) !== undefined) booleans++;
    else texts++;
  }
  const kinds = (numbers > 0 ? 1 : 0) + (booleans > 0 ? 1 : 0) + (texts > 0 ? 1 : 0);
  if (kinds === 1 && booleans > 0) {
    const values: unknown[] = new Array(count);
    for (let r = 0; r < count; r++) {
      const at = rows[r + 1]! + 2 * col;
      values[r] = bounds[at] === bounds[at + 1] ? null : booleanAt(text, bounds[at]!, bounds[at + 1]!);
    }
    return { values, type: 'boolean' };
  }
  const strings = columnText(cells, col);
  if (kinds > 1 && mixed === 'cells') return { values: strings.map(autoCast), type: 'mixed' };
  for (let r = 0; r < count; r++) if (strings[r] === '') (strings as unknown[])[r] = null;
  return { values: strings, type: kinds === 0 ? 'null' : 'string' };
}

function columnText(cells: CsvCells, col: number): string[] {
  const count = cells.rowCount - 1;
  const strings: string[] = new Array(count);
  for (let r = 0; r < count; r++) strings[r] = fieldText(cells, cells.rows[r + 1]! / 2 + col);
  return strings;
}

/** true / false for the spellings autoCast reads as booleans, else undefined. */
function booleanAt(text: string, start: number, end: number): boolean | undefined {
  const length = end - start;
  if (length !== 4 && length !== 5) return undefined;
  const first = text.charCodeAt(start);
  if (length === 4 && (first === 116 || first === 84) && text.startsWith('rue', start + 1)) return true;
  if (length === 5 && (first === 102 || first === 70) && text.startsWith('alse', start + 1)) return false;
  return undefined;
}

function castCounted(
  strings: Array<string | undefined>,
  counts: { numbers: number; booleans: number; texts: number },
  mixed: MixedColumns,
): TypedColumn {
  const { numbers, booleans, texts } = counts;
  const kinds = (numbers > 0 ? 1 : 0) + (booleans > 0 ? 1 : 0) + (texts > 0 ? 1 : 0);
  if (kinds === 0 || (kinds === 1 && texts > 0) || (kinds > 1 && mixed === 'text')) {
    return { values: strings.map((s) => (s === '' ? null : s)), type: kinds === 0 ? 'null' : 'string' };
  }
  const values = strings.map((s) => (s === undefined ? s : autoCast(s)));
  const type: CsvColumnType = kinds > 1 ? 'mixed' : numbers ? 'number' : 'boolean';
  return { values, type };
}

/** Casts one column's cells (undefined where a row has no such cell; kept undefined). */
export function castStrings(strings: Array<string | undefined>, rule: CastRule, mixed: MixedColumns): TypedColumn {
  if (rule === 'text') return { values: strings, type: 'string' };
  if (typeof rule === 'function') {
    const values = strings.map((s) => (s === undefined ? s : rule(s)));
    return { values, type: typeOfValues(values) };
  }
  let numbers = 0;
  let booleans = 0;
  let texts = 0;
  for (const s of strings) {
    if (s === undefined || s === '') continue;
    const v = autoCast(s);
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'boolean') booleans++;
    else texts++;
  }
  return castCounted(strings, { numbers, booleans, texts }, mixed);
}

function typeOfValues(values: unknown[]): CsvColumnType {
  let type: CsvColumnType = 'null';
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t: CsvColumnType = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (type === 'null') type = t;
    else if (type !== t) return 'mixed';
  }
  return type;
}
