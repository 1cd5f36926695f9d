// A SQL table output's kept rows (the store's `ExportedRows` document), read without holding up
// the host: the file is read asynchronously and its rows parsed a batch at a time, with a turn of
// the event loop between batches, as the export wrote them.
import { readFile } from 'node:fs/promises';
import type { ExportedRows } from '../store';

const ROWS_PER_TURN = 2_000;
const ROWS_KEY = ',"rows":[';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** The kept rows at `path`, each as a record of column name → value. */
export async function readKeptRows(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  const start = text.indexOf(ROWS_KEY);
  if (start < 0) return asRecords(JSON.parse(text) as ExportedRows);
  const names = (JSON.parse(`${text.slice(0, start)}}`) as Pick<ExportedRows, 'columns'>).columns.map((c) => c.name);
  const out: Record<string, unknown>[] = [];
  let at = start + ROWS_KEY.length;
  while (text[at] !== ']') {
    const from = at;
    for (let n = 0; n < ROWS_PER_TURN && text[at] !== ']'; n++) {
      const end = text[at] === '[' ? valueEnd(text, at) : -1;
      // Not laid out as the export writes it: the document is parsed whole.
      if (end < 0) return asRecords(JSON.parse(text) as ExportedRows);
      at = text[end] === ',' ? end + 1 : end;
    }
    const batch = JSON.parse(`[${text.slice(from, text[at - 1] === ',' ? at - 1 : at)}]`) as unknown[][];
    for (const row of batch) out.push(record(names, row));
    await turn();
  }
  return out;
}

function asRecords(doc: ExportedRows): Record<string, unknown>[] {
  const names = doc.columns.map((c) => c.name);
  return doc.rows.map((r) => record(names, r));
}

const record = (names: string[], row: unknown[]): Record<string, unknown> =>
  Object.fromEntries(names.map((name, i) => [name, row[i]]));

/** Where the JSON array or object starting at `from` ends (the index after it), or -1 when the text ends first. */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escaped characters.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x5d || c === 0x7d) && --depth === 0) return i + 1;
  }
  return -1;
}
