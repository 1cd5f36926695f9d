// CSV text to typed columns or to records. Plain CSV (one-character delimiter, `"` quotes, the
// header as column names) goes through our own tokenizer; any other csv-parse option is honoured by
// csv-parse itself, without its per-cell cast callback, and the columns are then typed the same way.
import { parse, type Options as ParseOptions } from 'csv-parse/sync';
import { castRules, type CastRule } from './csv-cast';
import { castCellsColumn, castStrings, type CsvColumnType, type MixedColumns } from './csv-columns';
import { recordMaker } from './csv-records';
import { CsvSyntaxError, fieldText, rowLine, tokenizeCsv, type CsvCells } from './csv-tokenize';

/** `load_args` of a CSV: csv-parse options, pandas' `sep`, and `cast` / `dtype` (see csv-cast.ts). */
export type CsvParseOptions = Record<string, unknown> & { mixed?: MixedColumns };

export interface CsvColumns {
  names: string[];
  /** One array per column, aligned with `names`: numbers, booleans, strings and null. */
  columns: unknown[][];
  types: CsvColumnType[];
  rowCount: number;
}

// Our keys (and pandas' names) that csv-parse must not see.
const OWN_KEYS = new Set(['cast', 'dtype', 'sep', 'encoding', 'index', 'mixed']);

/** Typed columns; a column mixing numbers and text is text unless `mixed: 'cells'`. */
export function parseCsvColumns(text: string, options: CsvParseOptions = {}): CsvColumns {
  const rules = castRules(options);
  const mixed = options.mixed ?? 'text';
  const delimiter = delimiterOf(options);
  if (!isPlain(options, delimiter) || endsLinesWithCr(text))
    return columnsOfRecords(parseWithCsvParse(text, options, delimiter), rules, mixed);
  const cells = tokenizeCsv(text, delimiter);
  const names = headerOf(cells);
  const typed = names.map((name, col) => castCellsColumn(cells, col, rules(name), mixed));
  return {
    names,
    columns: typed.map((t) => t.values),
    types: typed.map((t) => t.type),
    rowCount: Math.max(0, cells.rowCount - 1),
  };
}

/** One record per row keyed by the header, as CSVDataset loads: each cell cast as before, each column decided once. */
export function parseCsvRecords(text: string, options: CsvParseOptions = {}): Record<string, unknown>[] {
  const rules = castRules(options);
  const mixed = options.mixed ?? 'cells';
  const delimiter = delimiterOf(options);
  if (!isPlain(options, delimiter) || endsLinesWithCr(text)) {
    const rows = parseWithCsvParse(text, options, delimiter);
    castInPlace(rows, rules, mixed);
    return rows;
  }
  const { names, columns, rowCount } = parseCsvColumns(text, { ...options, mixed });
  const make = recordMaker(names);
  const out: Record<string, unknown>[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) out[r] = make(columns, r);
  return out;
}

export function delimiterOf(options: Record<string, unknown>): unknown {
  return options.delimiter ?? options.sep ?? ',';
}

const PLAIN: Record<string, (v: unknown) => boolean> = {
  columns: (v) => v === true,
  bom: (v) => v === true,
  skip_empty_lines: (v) => v === true,
  quote: (v) => v === '"',
  delimiter: () => true,
  sep: () => true,
};

/** Whether our tokenizer reads these options exactly as csv-parse would. */
function isPlain(options: Record<string, unknown>, delimiter: unknown): delimiter is string {
  if (
    typeof delimiter !== 'string' ||
    delimiter.length !== 1 ||
    delimiter === '"' ||
    delimiter === '\n' ||
    delimiter === '\r'
  )
    return false;
  return Object.entries(options).every(
    ([key, value]) => value === undefined || OWN_KEYS.has(key) || PLAIN[key]?.(value),
  );
}

/** Lines ended by a lone CR (old Mac files): csv-parse detects that, our tokenizer does not. */
function endsLinesWithCr(text: string): boolean {
  const cr = text.indexOf('\r');
  return cr >= 0 && text.charCodeAt(cr + 1) !== 10;
}

function headerOf(cells: CsvCells): string[] {
  if (cells.rowCount === 0) return [];
  const width = (cells.rows[1]! - cells.rows[0]!) / 2;
  const names = Array.from({ length: width }, (_, col) => fieldText(cells, col));
  for (let r = 1; r < cells.rowCount; r++) {
    const got = (cells.rows[r + 1]! - cells.rows[r]!) / 2;
    if (got !== width) {
      throw new CsvSyntaxError(
        `line ${rowLine(cells, r)} has ${got} field${got === 1 ? '' : 's'} where the header has ${width}`,
      );
    }
  }
  return names;
}

function parseWithCsvParse(
  text: string,
  options: Record<string, unknown>,
  delimiter: unknown,
): Record<string, unknown>[] {
  const parseOptions: ParseOptions = {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    ...Object.fromEntries(Object.entries(options).filter(([k]) => !OWN_KEYS.has(k))),
    delimiter: delimiter as string,
    cast: false,
  };
  return parse(text, parseOptions) as unknown as Record<string, unknown>[];
}

/** Every key of the rows in order of first appearance (csv-parse may be asked for arrays or loose records). */
function keysOf(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function castInPlace(rows: Record<string, unknown>[], rules: (column: string) => CastRule, mixed: MixedColumns): void {
  for (const key of keysOf(rows)) {
    const strings = rows.map((row) => (typeof row[key] === 'string' ? (row[key] as string) : undefined));
    const { values } = castStrings(strings, rules(key), mixed);
    rows.forEach((row, r) => {
      if (values[r] !== undefined) row[key] = values[r];
    });
  }
}

function columnsOfRecords(
  rows: Record<string, unknown>[],
  rules: (column: string) => CastRule,
  mixed: MixedColumns,
): CsvColumns {
  const names = keysOf(rows);
  const typed = names.map((key) =>
    castStrings(
      rows.map((row) => (typeof row[key] === 'string' ? (row[key] as string) : undefined)),
      rules(key),
      mixed,
    ),
  );
  return {
    names,
    columns: typed.map((t) => t.values.map((v) => (v === undefined ? null : v))),
    types: typed.map((t) => t.type),
    rowCount: rows.length,
  };
}
