// A SQL table output's kept rows (the store's `ExportedRows` document), read without holding up
// the host: the file is read asynchronously and its rows parsed a batch at a time, with a turn of
// the event loop between batches, as the export wrote them.
import { readFile } from 'node:fs/promises';
import type { ExportedRows } from '../store';

const ROWS_PER_TURN = 2_000;
const ROWS_KEY = ',"rows":[';
// One row as the export writes it: a JSON array of scalars, whose strings may hold any character.
const ROW = /\[(?:[^\]"]|"[^"\\]*(?:\\.[^"\\]*)*")*\],?/y;

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
      ROW.lastIndex = at;
      // Not laid out as the export writes it: the document is parsed whole.
      if (!ROW.test(text)) return asRecords(JSON.parse(text) as ExportedRows);
      at = ROW.lastIndex;
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
