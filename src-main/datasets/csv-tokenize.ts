// Splits CSV text into fields without making a string per cell: each field is a pair of offsets
// into the text, so that numbers can be read straight from the text and only text cells are sliced.

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The fields of a CSV text: offsets into `text`, row by row. */
export interface CsvCells {
  text: string;
  /**
   * Two entries per field: start and end offsets. A start below zero marks a quoted field holding
   * doubled quotes; its text begins at `-start - 1` and needs `""` turned into `"`.
   */
  bounds: Int32Array;
  /** rows[r] is the index in `bounds` of row r's first field; rows[rowCount] is the end. */
  rows: Int32Array;
  /** Rows found, the header included; empty lines are skipped. */
  rowCount: number;
}

export class CsvSyntaxError extends Error {}

/** Splits `text` on `delimiter` (one character) with `"` quoting; a leading BOM and empty lines are skipped. */
export function tokenizeCsv(text: string, delimiter = ','): CsvCells {
  if (delimiter.length !== 1)
    throw new CsvSyntaxError(`the delimiter must be one character, got ${JSON.stringify(delimiter)}`);
  const delim = delimiter.charCodeAt(0);
  const len = text.length;
  let bounds: Int32Array = new Int32Array(Math.max(64, len >> 1));
  let rows: Int32Array = new Int32Array(Math.max(16, len >> 5));
  let n = 0;
  let rowCount = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < len) {
    let c = text.charCodeAt(i);
    if (c === LF) {
      i++;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) {
      i += 2;
      continue;
    }
    if (rowCount + 1 >= rows.length) rows = grow(rows);
    rows[rowCount++] = n;
    for (;;) {
      if (n + 2 > bounds.length) bounds = grow(bounds);
      c = i < len ? text.charCodeAt(i) : LF;
      if (c === QUOTE) {
        let j = i + 1;
        let doubled = false;
        for (;;) {
          j = text.indexOf('"', j);
          if (j < 0) throw new CsvSyntaxError(`a quoted field opened on line ${lineAt(text, i)} is never closed`);
          if (text.charCodeAt(j + 1) !== QUOTE) break;
          doubled = true;
          j += 2;
        }
        bounds[n++] = doubled ? -(i + 1) - 1 : i + 1;
        bounds[n++] = j;
        i = j + 1;
        c = i < len ? text.charCodeAt(i) : LF;
        if (c === CR && text.charCodeAt(i + 1) === LF) {
          i++;
          c = LF;
        }
        if (c === delim) {
          i++;
          continue;
        }
        if (c === LF) {
          i++;
          break;
        }
        throw new CsvSyntaxError(
          `line ${lineAt(text, i)}: ${JSON.stringify(text[i])} follows a closing quote where a delimiter or the end of the line was expected`,
        );
      }
      let j = i;
      while (j < len) {
        c = text.charCodeAt(j);
        if (c === delim || c === LF) break;
        j++;
      }
      bounds[n++] = i;
      bounds[n++] = c === LF && j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      if (j >= len) {
        i = len;
        break;
      }
      i = j + 1;
      if (c === LF) break;
    }
  }
  rows[rowCount] = n;
  return { text, bounds, rows, rowCount };
}

/** The text of one field. */
export function fieldText(cells: CsvCells, field: number): string {
  const start = cells.bounds[2 * field]!;
  const end = cells.bounds[2 * field + 1]!;
  if (start >= 0) return cells.text.slice(start, end);
  return cells.text.slice(-start - 1, end).replaceAll('""', '"');
}

/** The 1-based line of an offset, for messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** The line a row starts on (row 0 is the header), for messages. */
export function rowLine(cells: CsvCells, row: number): number {
  const start = cells.bounds[cells.rows[row]!]!;
  return lineAt(cells.text, start >= 0 ? start : -start - 1);
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
