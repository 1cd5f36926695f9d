// A CSV file's row index: where each row starts, found in one pass over the bytes. With it a page
// of rows is read as one byte range (or one range per row, for a sorted or filtered page) and
// parsed alone, and a whole-file pass goes block by block, so the file is never held whole.
import { open, stat } from 'node:fs/promises';
import { parseCsvColumns, type CsvParseOptions } from '../datasets/csv-parse-fast';
import { ServiceError } from './service-error';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SCAN_CHUNK = 1024 * 1024;
const BLOCK_BYTES = 2 * 1024 * 1024;

export interface CsvFile {
  path: string;
  /** The dataset's `load_args` (`sep`, `delimiter`, `encoding`, casts). */
  options: CsvParseOptions;
}

export interface CsvRowIndex {
  key: string;
  /** The header record's text. */
  header: string;
  names: string[];
  rows: number;
  /** starts[r] is row r's first byte; starts[rows] is the file's size. */
  starts: Float64Array;
}

/** Identifies a file's content as far as the index cares: path, size and modification time. */
export async function fileKey(path: string): Promise<string> {
  const info = await stat(path);
  return `${path}|${info.size}|${info.mtimeMs}`;
}

/** Scans the file once: the header's text and the start of every record after it (empty lines are no records). */
export async function buildRowIndex(file: CsvFile, key: string): Promise<CsvRowIndex> {
  const handle = await open(file.path, 'r');
  let starts = new Float64Array(1024);
  let count = 0; // records found, the header included
  let headerEnd = -1;
  let quoted = false;
  let content = false;
  let pos = 0;
  const headerBytes: Buffer[] = [];
  try {
    const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, SCAN_CHUNK, null);
      if (bytesRead === 0) break;
      if (headerEnd < 0) headerBytes.push(Buffer.from(chunk.subarray(0, bytesRead)));
      for (let i = 0; i < bytesRead; i++) {
        const b = chunk[i]!;
        if (quoted) {
          if (b === QUOTE) quoted = false;
          continue;
        }
        if (b === LF) {
          if (content && count === 1 && headerEnd < 0) headerEnd = pos + i + 1;
          content = false;
          continue;
        }
        if (b === CR) continue;
        if (!content) {
          content = true;
          if (count === starts.length) {
            const grown = new Float64Array(starts.length * 2);
            grown.set(starts);
            starts = grown;
          }
          starts[count++] = pos + i;
        }
        if (b === QUOTE) quoted = true;
      }
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (count === 0) return { key, header: '', names: [], rows: 0, starts: new Float64Array([pos]) };
  if (headerEnd < 0) headerEnd = pos;
  const encoding = encodingOf(file);
  const headerText = Buffer.concat(headerBytes)
    .subarray(starts[0]!, headerEnd)
    .toString(encoding)
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$/, '');
  const names = parseCsvColumns(`${headerText}\n`, file.options).names;
  // Row r of the data is record r + 1; the header's own start is dropped.
  const rowStarts = new Float64Array(count);
  rowStarts.set(starts.subarray(1, count));
  rowStarts[count - 1] = pos;
  return { key, header: headerText, names, rows: count - 1, starts: rowStarts };
}

function encodingOf(file: CsvFile): BufferEncoding {
  return (file.options.encoding as BufferEncoding | undefined) ?? 'utf8';
}

/** Parses records (their text, without the header) into typed columns under the file's header. */
function parseRecords(file: CsvFile, index: CsvRowIndex, text: string): unknown[][] {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return parseCsvColumns(`${index.header}\n${body}`, { ...file.options, mixed: 'cells' }).columns;
}

/** Rows [from, to) as typed columns: one read of one byte range. */
export async function readRowRange(file: CsvFile, index: CsvRowIndex, from: number, to: number): Promise<unknown[][]> {
  if (to <= from) return index.names.map(() => []);
  const start = index.starts[from]!;
  const end = index.starts[to]!;
  const handle = await open(file.path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(end - start);
    await handle.read(bytes, 0, bytes.length, start);
    return parseRecords(file, index, bytes.toString(encodingOf(file)));
  } finally {
    await handle.close();
  }
}

/** Rows [from, to) of a whole-file pass; a parse error names the file and its line in the file. */
async function readBlock(file: CsvFile, index: CsvRowIndex, from: number, to: number): Promise<unknown[][]> {
  try {
    return await readRowRange(file, index, from, to);
  } catch (err) {
    // The block was parsed under the header (line 1), so its line L is the file's line from + L.
    const message = (err as Error).message.replace(/\bline (\d+)/g, (_, l: string) => `line ${from + Number(l)}`);
    throw new ServiceError('usage', `Cannot read ${file.path}: ${message}`, { cause: err });
  }
}

/** The given rows, in the given order, as typed columns: one read per row. */
export async function readRows(file: CsvFile, index: CsvRowIndex, rows: ArrayLike<number>): Promise<unknown[][]> {
  if (rows.length === 0) return index.names.map(() => []);
  const handle = await open(file.path, 'r');
  try {
    const parts: Buffer[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const start = index.starts[r]!;
      const bytes = Buffer.allocUnsafe(index.starts[r + 1]! - start);
      await handle.read(bytes, 0, bytes.length, start);
      parts.push(bytes);
      if (bytes[bytes.length - 1] !== LF) parts.push(Buffer.from('\n'));
    }
    return parseRecords(file, index, Buffer.concat(parts).toString(encodingOf(file)));
  } finally {
    await handle.close();
  }
}

/** Calls `each` with blocks of whole rows (typed columns) from the first row to the last, one block read at a time. */
export async function forEachBlock(
  file: CsvFile,
  index: CsvRowIndex,
  each: (columns: unknown[][], firstRow: number) => void,
): Promise<void> {
  let from = 0;
  while (from < index.rows) {
    let to = from + 1;
    const limit = index.starts[from]! + BLOCK_BYTES;
    // Rows up to about BLOCK_BYTES: a binary search over the row starts.
    let lo = to;
    let hi = index.rows;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (index.starts[mid]! <= limit) lo = mid;
      else hi = mid - 1;
    }
    to = Math.max(to, lo);
    each(await readBlock(file, index, from, to), from);
    from = to;
  }
}
