import { readFile } from 'node:fs/promises';
import type ExcelJSModule from 'exceljs';
import { DatasetError } from '../engine/errors';
import { isTable } from '../table';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import type { DatasetHead, HeadPreviewable } from './dataset-head';
import { readSheetHead } from './excel-head';
import { fsReason } from './fs-atomic';
import { asLoaded, loadAs, toRecords, type Records, type TableOrRecords } from './table-data';
import { typeOf } from './text-dataset';

type ExcelJS = typeof ExcelJSModule;
type Worksheet = ExcelJSModule.Worksheet;
let loaded: ExcelJS | undefined;
const exceljs = () => (loaded ??= require('exceljs') as ExcelJS);

/** One sheet's data, or a record of sheet name to data (several sheets). */
export type ExcelData = TableOrRecords | Record<string, TableOrRecords>;

/**
 * Kedro's pandas.ExcelDataset, on exceljs. `load_args.sheet_name`: a sheet name, an index (0,
 * the default), a list of them, or null for every sheet; a list or null loads a record of sheet
 * name to table. `load_args.header`: the row (after `skiprows`) holding column names (0), or null
 * for columns named 0, 1, …; `load_args.skiprows`: rows skipped at the top. Saves a table (or
 * records) as `save_args.sheet_name` (Sheet1), or a record of sheet name to table as sheets.
 */
export class ExcelDataset extends AbstractFileDataset<ExcelData> implements HeadPreviewable {
  private readonly as: 'table' | 'records';

  constructor(options: FileDatasetOptions) {
    super(options, { load_args: { sheet_name: 0, header: 0 } });
    this.as = loadAs(this.loadArgs, 'ExcelDataset');
    const sheets = this.loadArgs.sheet_name;
    const ok = (s: unknown) => typeof s === 'string' || (Number.isInteger(s) && (s as number) >= 0);
    if (sheets !== null && !ok(sheets) && !(Array.isArray(sheets) && sheets.every(ok))) {
      throw new DatasetError(
        `ExcelDataset: load_args.sheet_name must be a sheet name, an index, a list of them, or null (every sheet), got ${JSON.stringify(sheets)}.`,
      );
    }
  }

  protected async read(path: string): Promise<ExcelData> {
    const sheets = await this.workbook(path);
    const wanted = this.loadArgs.sheet_name as string | number | Array<string | number> | null;
    if (wanted !== null && !Array.isArray(wanted)) return this.sheetData(pick(sheets, wanted));
    const chosen = wanted === null ? sheets : wanted.map((w) => pick(sheets, w));
    return Object.fromEntries(chosen.map((ws) => [ws.name, this.sheetData(ws)]));
  }

  /**
   * The first `rows` rows of the first sheet asked for, reading only that sheet's first rows (and
   * the workbook's shared strings and styles); the row count comes from the sheet's dimension.
   */
  async previewHead(rows: number): Promise<DatasetHead> {
    const wanted = this.loadArgs.sheet_name as string | number | Array<string | number> | null;
    const first = wanted === null ? 0 : Array.isArray(wanted) ? (wanted[0] ?? 0) : wanted;
    const skip = Number(this.loadArgs.skiprows ?? 0);
    const header = this.loadArgs.header as number | null;
    const above = skip + (header === null ? 0 : header + 1);
    let head;
    try {
      head = await readSheetHead(this.loadPath(), first, above + rows);
    } catch (err) {
      const reason = /zip|workbook\.xml/.test((err as Error).message)
        ? `not an Excel (.xlsx) workbook (${(err as Error).message})`
        : fsReason(err);
      throw new DatasetError(`Failed to preview ${this.filepath}: ${reason}`, { cause: err });
    }
    const sheet = this.sheetTable(head.rows.map((r) => r.map(cellIn)));
    return {
      names: sheet.names,
      columns: sheet.names.map((n) => sheet.records.map((r) => r[n])),
      ...(head.lastRow !== undefined ? { rowCount: Math.max(0, head.lastRow - above) } : {}),
    };
  }

  protected async encode(data: ExcelData): Promise<Uint8Array> {
    const workbook = new (exceljs().Workbook)();
    const single = isTable(data) || Array.isArray(data);
    if (!single && (data === null || typeof data !== 'object')) {
      throw new DatasetError(
        `${this.toString()} saves a table, records, or a record of sheet name to table; got ${typeOf(data)}.`,
      );
    }
    const sheets = single
      ? { [String(this.saveArgs.sheet_name ?? 'Sheet1')]: data }
      : (data as Record<string, TableOrRecords>);
    if (!Object.keys(sheets).length)
      throw new DatasetError(`${this.toString()} cannot save a workbook with no sheets.`);
    for (const [name, sheet] of Object.entries(sheets)) {
      const rows = toRecords(sheet, `${this.toString()} (sheet '${name}')`);
      const columns = isTable(sheet) ? sheet.columnNames() : [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const ws = workbook.addWorksheet(name);
      ws.addRow(columns);
      for (const row of rows) ws.addRow(columns.map((c) => cellOut(row[c])));
    }
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  private async workbook(path: string): Promise<Worksheet[]> {
    const workbook = new (exceljs().Workbook)();
    const bytes = await readFile(path);
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (err) {
      throw new Error(`not an Excel (.xlsx) workbook (${(err as Error).message})`, { cause: err });
    }
    return workbook.worksheets;
  }

  private sheetData(ws: Worksheet): TableOrRecords {
    const { names, records } = this.sheetRows(ws);
    return asLoaded(records, this.as, names);
  }

  private sheetRows(ws: Worksheet): { names: string[]; records: Records } {
    const all: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[]; // 1-based, sparse
      all.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellIn(values[i + 1])));
    });
    return this.sheetTable(all);
  }

  /** Column names and records from a sheet's rows, after `skiprows`, with the `header` row's names. */
  private sheetTable(all: unknown[][]): { names: string[]; records: Records } {
    const skip = Number(this.loadArgs.skiprows ?? 0);
    const header = this.loadArgs.header as number | null;
    const body = all.slice(skip);
    const width = Math.max(0, ...body.map((r) => r.length));
    const names =
      header === null ? Array.from({ length: width }, (_, i) => String(i)) : columnNames(body[header] ?? [], width);
    const rows = header === null ? body : body.slice(header + 1);
    return { names, records: rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null]))) };
  }
}

function pick(sheets: Worksheet[], wanted: string | number): Worksheet {
  const ws = typeof wanted === 'number' ? sheets[wanted] : sheets.find((s) => s.name === wanted);
  if (!ws) {
    const shown = typeof wanted === 'number' ? `index ${wanted}` : `'${wanted}'`;
    throw new Error(
      `no sheet ${shown}; the workbook has ${sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets'}`,
    );
  }
  return ws;
}

function columnNames(row: unknown[], width: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: width }, (_, i) => {
    const base = row[i] === null || row[i] === undefined || row[i] === '' ? `Unnamed: ${i}` : String(row[i]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}.${n}` : base; // pandas' names for duplicates
  });
}

/** A cell's value as a node sees it: formulas give their result, rich text and links their text. */
function cellIn(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ('result' in o) return cellIn(o.result);
  if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join('');
  if ('text' in o) return cellIn(o.text);
  if ('error' in o) return null;
  return JSON.stringify(v);
}

function cellOut(v: unknown): unknown {
  if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return v;
}
