// The first rows of one sheet of an .xlsx workbook, read without reading the workbook: the zip's
// directory locates the sheet, the shared strings, styles and the workbook's sheet list, and the
// sheet's XML is parsed by exceljs's streaming worksheet reader until enough rows have come.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { zipEntries, zipEntryStream, type ZipEntry } from './zip-entries';

/** What exceljs's streaming WorkbookReader offers to parse one part at a time (exceljs 4.4). */
interface PartReader {
  options: Record<string, string>;
  model?: { sheets?: Array<{ name: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncIterable<unknown>;
  _parseWorksheet(
    iterator: AsyncIterable<string>,
    sheetNo: string,
  ): Iterable<{ value: AsyncIterable<{ number: number; values: unknown[] }> }>;
}

export interface SheetHead {
  /** Each row's cell values (exceljs's cell values, 0-based), empty rows included. */
  rows: unknown[][];
  /** The sheet's last row number from its `<dimension>` element, when it has one. */
  lastRow?: number;
  /** Sheet rows parsed, and the sheet's bytes read out of its uncompressed size. */
  parsed: { rows: number; bytes: number; sheetBytes: number };
}

/** The first `rows` rows of the sheet named, or at index, `sheet`. */
export async function readSheetHead(path: string, sheet: string | number, rows: number): Promise<SheetHead> {
  const entries = await zipEntries(path);
  const part = (name: string) => entries.get(name);
  const exceljs = require('exceljs') as { stream: { xlsx: { WorkbookReader: new (...a: unknown[]) => PartReader } } };
  const reader = new exceljs.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const read = (entry: ZipEntry) => zipEntryStream(path, entry);
  const rels = part('xl/_rels/workbook.xml.rels');
  const book = part('xl/workbook.xml');
  if (!rels || !book) throw new Error('not an Excel (.xlsx) workbook (no xl/workbook.xml)');
  await reader._parseRels(await read(rels));
  await reader._parseWorkbook(await read(book));
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(await read(styles));
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(await read(strings)));
  else (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];

  const sheets = reader.model?.sheets ?? [];
  const chosen = typeof sheet === 'number' ? sheets[sheet] : sheets.find((s) => s.name === sheet);
  if (!chosen) {
    const shown = typeof sheet === 'number' ? `index ${sheet}` : `'${sheet}'`;
    throw new Error(
      `no sheet ${shown}; the workbook has ${sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets'}`,
    );
  }
  const target = reader.workbookRels?.find((r) => r.Id === chosen.rId)?.Target ?? '';
  const entry = part(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  if (!entry) throw new Error(`the workbook names sheet '${chosen.name}' but holds no '${target}'`);
  const stream = await read(entry);
  const parsed = { rows: 0, bytes: 0, sheetBytes: entry.uncompressedSize };
  let lastRow: number | undefined;
  const decoder = new StringDecoder('utf8');
  async function* counted(): AsyncIterable<string> {
    for await (const chunk of stream) {
      const text = decoder.write(chunk as Buffer);
      if (parsed.bytes === 0) lastRow = dimensionLastRow(text);
      parsed.bytes += (chunk as Buffer).length;
      yield text;
    }
  }
  const [{ value: sheetReader }] = [...reader._parseWorksheet(counted(), '0')];
  const out: unknown[][] = [];
  try {
    for await (const row of sheetReader) {
      parsed.rows++;
      while (out.length < row.number - 1 && out.length < rows) out.push([]);
      if (out.length >= rows) break;
      out.push(row.values.slice(1));
      if (out.length >= rows) break;
    }
  } finally {
    stream.destroy();
  }
  return { rows: out, lastRow, parsed };
}

function dimensionLastRow(xml: string): number | undefined {
  const ref = /<dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(xml);
  return ref ? Number(ref[1]) : undefined;
}
