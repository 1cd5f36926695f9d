import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ExcelDataset, ParquetDataset } from '../../src-main/datasets';
import { readSheetHead } from '../../src-main/datasets/excel-head';
import { aq, type Table } from '../../src-main/table';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const ROWS = 40_000;

/** A workbook of a small sheet, then a large one with shared strings, dates and numbers. */
async function bigWorkbook(path: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const notes = writer.addWorksheet('notes');
  notes.addRow(['read me']).commit();
  notes.commit();
  const ws = writer.addWorksheet('fleet');
  ws.addRow(['id', 'name', 'price', 'since']).commit();
  for (let i = 0; i < ROWS; i++) {
    ws.addRow([i, `shuttle ${i % 97} é`, i * 1.5, new Date(Date.UTC(2020, 0, 1 + (i % 365)))]).commit();
  }
  ws.commit();
  await writer.commit();
}

describe('previews read the head of a file, not the file', () => {
  it(`Excel: the first rows of a ${ROWS}-row sheet, parsing only those rows and a small part of the sheet`, async () => {
    const root = tempDir();
    await bigWorkbook(join(root, 'big.xlsx'));
    const ds = new ExcelDataset({ filepath: 'big.xlsx', root, load_args: { sheet_name: 'fleet' } });
    const head = await ds.previewHead(3);
    // exceljs's streaming writer puts no <dimension> before the rows: no cheap row count.
    expect(head.rowCount).toBeUndefined();
    expect(head.names).toEqual(['id', 'name', 'price', 'since']);
    expect(head.columns).toEqual([
      [0, 1, 2],
      ['shuttle 0 é', 'shuttle 1 é', 'shuttle 2 é'],
      [0, 1.5, 3],
      [new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 0, 2)), new Date(Date.UTC(2020, 0, 3))],
    ]);
    // The same as the first rows of a whole load.
    const whole = (await ds.load()) as Table;
    expect(whole.numRows()).toBe(ROWS);
    expect(head.columns).toEqual(head.names.map((n) => (whole.slice(0, 3).array(n) as unknown[]).slice()));

    const read = await readSheetHead(join(root, 'big.xlsx'), 'fleet', 4);
    expect(read.rows).toHaveLength(4);
    expect(read.parsed.rows).toBeLessThanOrEqual(5);
    expect(read.parsed.bytes).toBeLessThan(read.parsed.sheetBytes / 20);
    // By index, and a sheet that is not there.
    expect((await readSheetHead(join(root, 'big.xlsx'), 0, 5)).rows).toEqual([['read me']]);
    await expect(readSheetHead(join(root, 'big.xlsx'), 'Sheet1', 5)).rejects.toThrow(
      "no sheet 'Sheet1'; the workbook has 'notes', 'fleet'",
    );
  });

  it('Excel: the row count comes from the sheet, after skiprows and the header', async () => {
    const root = tempDir();
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Data');
    ws.addRow(['exported by a tool']);
    ws.addRow(['x', 'y']);
    for (let i = 0; i < 10; i++) ws.addRow([i, i * 2]);
    await workbook.xlsx.writeFile(join(root, 'in.xlsx'));
    const ds = new ExcelDataset({ filepath: 'in.xlsx', root, load_args: { skiprows: 1 } });
    expect(await ds.previewHead(2)).toEqual({
      names: ['x', 'y'],
      columns: [
        [0, 1],
        [0, 2],
      ],
      rowCount: 10,
    });
  });

  it('Excel: a file that is not a workbook fails naming it', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'not.xlsx'), 'a,b\n1,2\n');
    await expect(new ExcelDataset({ filepath: 'not.xlsx', root }).previewHead(5)).rejects.toThrow(
      /^Failed to preview not\.xlsx: not an Excel \(\.xlsx\) workbook/,
    );
  });

  it('Parquet: the first rows come from the first row group alone', async () => {
    const root = tempDir();
    const n = 200_000;
    const table = aq.table({
      i: Float64Array.from({ length: n }, (_, i) => i),
      s: Array.from({ length: n }, (_, i) => `row ${i} of a file large enough to have ten row groups`),
    });
    const ds = new ParquetDataset({
      filepath: 'big.parquet',
      root,
      save_args: { row_group_size: 20_000, compression: 'none' },
    });
    await ds.save(table);
    const file = await asyncBufferFromFile(join(root, 'big.parquet'));
    let bytes = 0;
    const counting = {
      byteLength: file.byteLength,
      slice: (start: number, end?: number) => {
        bytes += (end ?? file.byteLength) - start;
        return file.slice(start, end);
      },
    };
    const head = await ds.headOf(counting, 2);
    expect(head).toEqual({
      names: ['i', 's'],
      columns: [
        [0, 1],
        ['row 0 of a file large enough to have ten row groups', 'row 1 of a file large enough to have ten row groups'],
      ],
      rowCount: n,
    });
    // Ten row groups: the footer and one group, well under a fifth of the file.
    expect(bytes).toBeLessThan(file.byteLength / 5);
  });
});
