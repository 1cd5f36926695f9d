// The first rows of a CSV file without reading the rest, and a row count that reads the file in
// chunks (awaiting each), so that a large file never holds up the thread that answers the app.
import { open, stat } from 'node:fs/promises';
import { parseCsvColumns, type CsvColumns, type CsvParseOptions } from './csv-parse-fast';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const HEAD_CHUNK = 64 * 1024;
const COUNT_CHUNK = 1024 * 1024;

/** Where a scan stands between chunks: inside quotes, and whether the current line has content. */
interface ScanState {
  quoted: boolean;
  content: boolean;
  records: number;
}

/**
 * Scans bytes for record ends (a line feed outside quotes after a non-empty line), as the
 * tokenizer splits rows. Returns the offset just past the record end that makes `state.records`
 * reach `stopAt`, or -1 when the chunk ends first.
 */
function scan(bytes: Uint8Array, length: number, state: ScanState, stopAt = Infinity): number {
  let { quoted, content, records } = state;
  for (let i = 0; i < length; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b === QUOTE) quoted = false;
    } else if (b === LF) {
      if (content && ++records >= stopAt) {
        Object.assign(state, { quoted, content: false, records });
        return i + 1;
      }
      content = false;
    } else if (b === QUOTE) {
      quoted = true;
      content = true;
    } else if (b !== CR) {
      content = true;
    }
  }
  Object.assign(state, { quoted, content, records });
  return -1;
}

export interface CsvHead extends CsvColumns {
  /** True when the file holds no rows beyond these. */
  complete: boolean;
}

/**
 * The header and the first `rows` rows of a CSV file, typed as CSVDataset types them (from these
 * rows only). Reads chunk by chunk until the rows are complete; a quoted field may span chunks.
 */
export async function readCsvHead(path: string, options: CsvParseOptions & { rows: number }): Promise<CsvHead> {
  const { rows, ...parseOptions } = options;
  const encoding = (parseOptions.encoding as BufferEncoding | undefined) ?? 'utf8';
  const file = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const state: ScanState = { quoted: false, content: false, records: 0 };
    let complete = false;
    for (;;) {
      const chunk = Buffer.allocUnsafe(HEAD_CHUNK);
      const { bytesRead } = await file.read(chunk, 0, HEAD_CHUNK, null);
      if (bytesRead === 0) {
        complete = true;
        break;
      }
      const cut = scan(chunk, bytesRead, state, rows + 1);
      if (cut >= 0) {
        chunks.push(chunk.subarray(0, cut));
        complete = cut === bytesRead && (await file.read(Buffer.alloc(1), 0, 1, null)).bytesRead === 0;
        break;
      }
      chunks.push(chunk.subarray(0, bytesRead));
    }
    const text = Buffer.concat(chunks).toString(encoding);
    return { ...parseCsvColumns(text, { mixed: 'cells', ...parseOptions }), complete };
  } finally {
    await file.close();
  }
}

const counted = new Map<string, number>();

/**
 * The number of rows under the header: line feeds outside quotes, empty lines left out. Reads the
 * whole file in chunks, yielding between them; remembered per path, size and modification time.
 */
export async function countCsvRows(path: string): Promise<number> {
  const info = await stat(path);
  const key = `${path}|${info.size}|${info.mtimeMs}`;
  const known = counted.get(key);
  if (known !== undefined) return known;
  const file = await open(path, 'r');
  const state: ScanState = { quoted: false, content: false, records: 0 };
  try {
    const chunk = Buffer.allocUnsafe(COUNT_CHUNK);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, COUNT_CHUNK, null);
      if (bytesRead === 0) break;
      scan(chunk, bytesRead, state);
    }
  } finally {
    await file.close();
  }
  const rows = Math.max(0, state.records + (state.content ? 1 : 0) - 1);
  counted.set(key, rows);
  while (counted.size > 64) counted.delete(counted.keys().next().value!);
  return rows;
}
