import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVDataset } from '../../src-main/datasets';
import { countCsvRows, readCsvHead } from '../../src-main/datasets/csv-head';
import { parseCsvColumns } from '../../src-main/datasets/csv-parse-fast';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const CHUNK = 64 * 1024; // readCsvHead's read size

/** A file whose row `boundaryRow` holds a quoted field with a newline and a comma straddling the first chunk's end. */
function fileWithQuoteAcrossChunk(): { path: string; text: string; boundaryRow: number } {
  const lines = ['id,note,score'];
  let size = lines[0]!.length + 2;
  let row = 0;
  while (size < CHUNK - 40) {
    const line = `${row},plain ${row},${row % 7 === 0 ? '' : row * 1.5}`;
    lines.push(line);
    size += line.length + 2;
    row++;
  }
  // The quoted cell opens before byte CHUNK and closes after it, with a newline and a comma inside.
  const pad = 'x'.repeat(CHUNK - size - 12);
  lines.push(`${row},"${pad}\n"", inside, ${'y'.repeat(40)}",${row}`);
  const boundaryRow = row;
  for (row++; row < boundaryRow + 50; row++) lines.push(`${row},"after, ${row}",${row}`);
  const text = `${lines.join('\r\n')}\r\n\r\n`;
  const path = join(tempDir(), 'boundary.csv');
  writeFileSync(path, text);
  expect(text.indexOf('\n""')).toBeLessThan(CHUNK);
  expect(text.indexOf('y",')).toBeGreaterThan(CHUNK);
  return { path, text, boundaryRow };
}

describe('readCsvHead', () => {
  it('reads the first rows, a quoted newline across the chunk boundary included, as a full parse gives them', async () => {
    const { path, text, boundaryRow } = fileWithQuoteAcrossChunk();
    const full = parseCsvColumns(text, { mixed: 'cells' });
    for (const rows of [1, boundaryRow, boundaryRow + 1, boundaryRow + 2]) {
      const head = await readCsvHead(path, { rows });
      expect(head.names).toEqual(['id', 'note', 'score']);
      expect(head.rowCount).toBe(rows);
      expect(head.complete).toBe(false);
      expect(head.columns).toEqual(full.columns.map((c) => c.slice(0, rows)));
    }
    const last = (await readCsvHead(path, { rows: boundaryRow + 1 })).columns[1]!.at(-1);
    expect(last).toMatch(/^x+\n", inside, y+$/);
  });

  it('says when it read the whole file, and honours sep', async () => {
    const path = join(tempDir(), 'semi.tsv');
    writeFileSync(path, 'a;b\n1;007\n2;x\n');
    expect(await readCsvHead(path, { rows: 10, sep: ';' })).toMatchObject({
      complete: true,
      rowCount: 2,
      columns: [
        [1, 2],
        ['007', 'x'],
      ],
    });
    expect(await readCsvHead(path, { rows: 1, sep: ';' })).toMatchObject({ complete: false, rowCount: 1 });
  });
});

describe('countCsvRows', () => {
  it('counts rows as a full parse does: quoted newlines, CRLF and blank lines, with or without a last newline', async () => {
    const dir = tempDir();
    const { path, text } = fileWithQuoteAcrossChunk();
    expect(await countCsvRows(path)).toBe(parseCsvColumns(text).rowCount);
    const cases = ['a,b\n1,2\n\n3,"x\ny"\n', 'a,b\r\n1,2\r\n3,4', 'a\n', '', '\ufeffa\n"\n\n"\n\n\n'];
    for (const [i, content] of cases.entries()) {
      const file = join(dir, `c${i}.csv`);
      writeFileSync(file, content);
      expect(await countCsvRows(file), JSON.stringify(content)).toBe(parseCsvColumns(content).rowCount);
    }
  });

  it('counts again when the file changes', async () => {
    const path = join(tempDir(), 'grow.csv');
    writeFileSync(path, 'a\n1\n');
    expect(await countCsvRows(path)).toBe(1);
    writeFileSync(path, 'a\n1\n2\n3\n');
    expect(await countCsvRows(path)).toBe(3);
  });
});

describe('CSVDataset.previewHead', () => {
  it("gives the first rows with the dataset's load_args and the file's row count", async () => {
    const root = tempDir();
    writeFileSync(join(root, 'r.csv'), 'id;zip\n1;007\n2;10\n3;11\n');
    const ds = new CSVDataset({ filepath: 'r.csv', root, load_args: { sep: ';', dtype: { zip: 'str' } } });
    expect(await ds.previewHead(2)).toEqual({
      names: ['id', 'zip'],
      columns: [
        [1, 2],
        ['007', '10'],
      ],
      rowCount: 3,
    });
  });

  it('a versioned dataset previews the version a load would read', async () => {
    const root = tempDir();
    await new CSVDataset({
      filepath: 'v.csv',
      root,
      versioned: true,
      version: { save: '2026-01-01T00.00.00.000Z' },
    }).save([{ a: 1 }]);
    await new CSVDataset({
      filepath: 'v.csv',
      root,
      versioned: true,
      version: { save: '2026-01-02T00.00.00.000Z' },
    }).save([{ a: 2 }, { a: 3 }]);
    expect(await new CSVDataset({ filepath: 'v.csv', root, versioned: true }).previewHead(1)).toEqual({
      names: ['a'],
      columns: [[2]],
      rowCount: 2,
    });
    const pinned = new CSVDataset({
      filepath: 'v.csv',
      root,
      versioned: true,
      version: { load: '2026-01-01T00.00.00.000Z' },
    });
    expect(await pinned.previewHead(5)).toEqual({ names: ['a'], columns: [[1]], rowCount: 1 });
  });

  it('names the dataset when the file is bad', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'bad.csv'), 'a,b\n1\n');
    await expect(new CSVDataset({ filepath: 'bad.csv', root }).previewHead(5)).rejects.toThrow(
      'Failed to preview bad.csv: line 2 has 1 field where the header has 2',
    );
  });
});
