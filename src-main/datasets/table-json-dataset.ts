import { readFile } from 'node:fs/promises';
import { DatasetError } from '../engine/errors';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { asLoaded, loadAs, toRecords, type Records, type TableOrRecords } from './table-data';

const ORIENTS = ['records', 'columns'];

/**
 * Kedro's pandas.JSONDataset: a JSON file as a table. `orient` (load_args and save_args) is
 * `records` (the default: an array of row objects) or `columns` (`{col: [values]}` or pandas'
 * `{col: {index: value}}`); `lines: true` reads and writes one record per line. `load_args.as:
 * records` loads records.
 */
export class TableJSONDataset extends AbstractFileDataset<TableOrRecords> {
  private readonly as: 'table' | 'records';

  constructor(options: FileDatasetOptions) {
    super(options, { load_args: { orient: 'records' }, save_args: { orient: 'records' } });
    this.as = loadAs(this.loadArgs, 'JSONDataset');
    for (const args of [this.loadArgs, this.saveArgs]) {
      if (!ORIENTS.includes(String(args.orient)))
        throw new DatasetError(
          `JSONDataset: orient must be one of ${ORIENTS.join(', ')}, got ${JSON.stringify(args.orient)}.`,
        );
    }
  }

  protected async read(path: string): Promise<TableOrRecords> {
    const text = await readFile(path, 'utf8');
    const rows = this.loadArgs.lines ? linesOf(text) : parse(text);
    return this.loadArgs.orient === 'columns' ? fromColumns(rows, this.as) : asLoaded(recordsOf(rows), this.as);
  }

  protected encode(data: TableOrRecords): string {
    const rows = toRecords(data, this.toString());
    if (this.saveArgs.lines) return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const value = this.saveArgs.orient === 'columns' ? toColumns(rows) : rows;
    return `${JSON.stringify(value, null, (this.saveArgs.indent as number | undefined) ?? 2)}\n`;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid JSON (${(err as Error).message})`, { cause: err });
  }
}

function linesOf(text: string): unknown[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      try {
        return JSON.parse(line);
      } catch (err) {
        throw new Error(`invalid JSON on line ${n} (${(err as Error).message})`, { cause: err });
      }
    });
}

function recordsOf(value: unknown): Records {
  if (!Array.isArray(value) || !value.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    throw new Error(
      "expected an array of objects (orient 'records'); for {column: values} set load_args.orient: columns",
    );
  }
  return value as Records;
}

function fromColumns(value: unknown, as: 'table' | 'records'): TableOrRecords {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error("expected an object of columns (orient 'columns')");
  const columns = Object.entries(value as Record<string, unknown>).map(
    ([name, col]) => [name, Array.isArray(col) ? col : Object.values(col as object)] as const,
  );
  const length = columns[0]?.[1].length ?? 0;
  const rows: Records = Array.from({ length }, (_, i) =>
    Object.fromEntries(columns.map(([name, col]) => [name, col[i] ?? null])),
  );
  return asLoaded(
    rows,
    as,
    columns.map(([name]) => name),
  );
}

function toColumns(rows: Records): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) (out[k] ??= new Array(rows.length).fill(null))[i] = v;
  });
  return out;
}
