import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  ExcelDataset,
  FeatherDataset,
  ParquetDataset,
  TableCSVDataset,
  TableJSONDataset,
} from '../../src-main/datasets';
import { DatasetError } from '../../src-main/engine';
import { aq, isTable, type Table } from '../../src-main/table';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

const sample = () =>
  aq.table({
    name: ['ada', null, 'cy'],
    score: [1.5, null, -4],
    when: [new Date('2024-01-02T03:04:05Z'), null, new Date(0)],
    ok: [true, false, null],
  });
const ROWS = sample().objects();

describe('pandas.ParquetDataset', () => {
  it('writes a table and reads it back, strings, numbers, nulls, dates and booleans equal', async () => {
    const root = tempDir();
    const ds = new ParquetDataset({ filepath: 'out/t.parquet', root });
    await ds.save(sample());
    expect(readFileSync(join(root, 'out/t.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    const back = (await ds.load()) as Table;
    expect(isTable(back)).toBe(true);
    expect(back.columnNames()).toEqual(['name', 'score', 'when', 'ok']);
    expect(back.objects()).toEqual(ROWS);
    expect(listFiles(join(root, 'out'))).toEqual(['t.parquet']);
  });

  it('reads only some columns, records on request, and the first rows for a preview', async () => {
    const root = tempDir();
    const big = aq.table({
      i: Float64Array.from({ length: 5000 }, (_, i) => i),
      s: Array.from({ length: 5000 }, (_, i) => `r${i}`),
    });
    await new ParquetDataset({ filepath: 'big.parquet', root, save_args: { row_group_size: 1000 } }).save(big);
    const cols = new ParquetDataset({ filepath: 'big.parquet', root, load_args: { columns: ['s'], as: 'records' } });
    const rows = (await cols.load()) as Array<Record<string, unknown>>;
    expect(rows.length).toBe(5000);
    expect(rows[4999]).toEqual({ s: 'r4999' });
    expect(cols.describe()).toEqual({ filepath: 'big.parquet', load_args: { columns: ['s'], as: 'records' } });
    const head = await new ParquetDataset({ filepath: 'big.parquet', root }).previewHead(3);
    expect(head).toEqual({
      names: ['i', 's'],
      columns: [
        [0, 1, 2],
        ['r0', 'r1', 'r2'],
      ],
      rowCount: 5000,
    });
  });

  it('saves records too; a file that is not Parquet fails naming it', async () => {
    const root = tempDir();
    const ds = new ParquetDataset({ filepath: 'r.parquet', root, load_args: { as: 'records' } });
    await ds.save([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(await ds.load()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    writeFileSync(join(root, 'bad.parquet'), 'a,b\n1,2\n');
    await expect(new ParquetDataset({ filepath: 'bad.parquet', root }).load()).rejects.toThrow(
      /^Failed to load bad\.parquet: not a Parquet file/,
    );
    await expect(ds.save(42 as never)).rejects.toThrow(/saves a table \(or an array of records\), got a number/);
  });

  it('is versioned as Kedro lays versions out', async () => {
    const root = tempDir();
    await new ParquetDataset({
      filepath: 'v.parquet',
      root,
      versioned: true,
      version: { save: '2024-01-01T00.00.00.000Z' },
    }).save(sample());
    await new ParquetDataset({
      filepath: 'v.parquet',
      root,
      versioned: true,
      version: { save: '2024-02-01T00.00.00.000Z' },
    }).save(sample().slice(0, 1));
    expect(listFiles(join(root, 'v.parquet'))).toEqual([
      '2024-01-01T00.00.00.000Z/v.parquet',
      '2024-02-01T00.00.00.000Z/v.parquet',
    ]);
    expect(
      ((await new ParquetDataset({ filepath: 'v.parquet', root, versioned: true }).load()) as Table).numRows(),
    ).toBe(1);
  });
});

describe('pandas.FeatherDataset', () => {
  it('writes an Arrow IPC file and reads it back equal, columns selectable', async () => {
    const root = tempDir();
    const ds = new FeatherDataset({ filepath: 't.feather', root });
    await ds.save(sample());
    expect(readFileSync(join(root, 't.feather')).subarray(0, 6).toString()).toBe('ARROW1');
    expect(((await ds.load()) as Table).objects()).toEqual(ROWS);
    const some = new FeatherDataset({
      filepath: 't.feather',
      root,
      load_args: { columns: ['ok', 'name'], as: 'records' },
    });
    expect(await some.load()).toEqual(
      ROWS.map((r) => ({ ok: (r as { ok: unknown }).ok, name: (r as { name: unknown }).name })),
    );
    writeFileSync(join(root, 'bad.feather'), 'nope');
    await expect(new FeatherDataset({ filepath: 'bad.feather', root }).load()).rejects.toThrow(
      /^Failed to load bad\.feather: not an Arrow IPC \(Feather\) file/,
    );
  });
});

describe('pandas.JSONDataset', () => {
  it('records JSON to a table and back; columns orient; JSON lines', async () => {
    const root = tempDir();
    writeFileSync(
      join(root, 'r.json'),
      JSON.stringify([
        { a: 1, b: 'x' },
        { a: null, b: 'y' },
      ]),
    );
    const t = (await new TableJSONDataset({ filepath: 'r.json', root }).load()) as Table;
    expect(t.columnNames()).toEqual(['a', 'b']);
    expect(t.array('a')).toEqual([1, null]);
    await new TableJSONDataset({ filepath: 'c.json', root, save_args: { orient: 'columns' } }).save(t);
    expect(JSON.parse(readFileSync(join(root, 'c.json'), 'utf8'))).toEqual({ a: [1, null], b: ['x', 'y'] });
    const pandasColumns = { a: { '0': 1, '1': 2 }, b: { '0': 'x', '1': 'y' } };
    writeFileSync(join(root, 'p.json'), JSON.stringify(pandasColumns));
    expect(
      await new TableJSONDataset({ filepath: 'p.json', root, load_args: { orient: 'columns', as: 'records' } }).load(),
    ).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    const lines = new TableJSONDataset({
      filepath: 'l.jsonl',
      root,
      load_args: { lines: true },
      save_args: { lines: true },
    });
    await lines.save(t);
    expect(readFileSync(join(root, 'l.jsonl'), 'utf8')).toBe('{"a":1,"b":"x"}\n{"a":null,"b":"y"}\n');
    expect(((await lines.load()) as Table).objects()).toEqual(t.objects());
  });

  it('a JSON value that is not records fails naming the file and the way out', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'o.json'), '{"a": [1]}');
    await expect(new TableJSONDataset({ filepath: 'o.json', root }).load()).rejects.toThrow(
      "Failed to load o.json: expected an array of objects (orient 'records'); for {column: values} set load_args.orient: columns",
    );
    expect(() => new TableJSONDataset({ filepath: 'o.json', root, load_args: { orient: 'split' } })).toThrow(
      DatasetError,
    );
  });
});

describe('pandas.CSVDataset', () => {
  it('loads a table (records with as: records), saves tables and records', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'in.csv'), 'zip,n,flag\n007,1.5,true\n010,,false\n');
    const t = (await new TableCSVDataset({
      filepath: 'in.csv',
      root,
      load_args: { dtype: { zip: 'str' } },
    }).load()) as Table;
    expect(isTable(t)).toBe(true);
    expect(t.objects()).toEqual([
      { zip: '007', n: 1.5, flag: true },
      { zip: '010', n: null, flag: false },
    ]);
    const records = new TableCSVDataset({ filepath: 'in.csv', root, load_args: { as: 'records' } });
    expect(await records.load()).toEqual([
      { zip: '007', n: 1.5, flag: true },
      { zip: '010', n: null, flag: false },
    ]);
    const out = new TableCSVDataset({ filepath: 'out/o.csv', root });
    await out.save(sample());
    expect(readFileSync(join(root, 'out/o.csv'), 'utf8')).toBe(
      'name,score,when,ok\nada,1.5,2024-01-02T03:04:05.000Z,true\n,,,false\ncy,-4,1970-01-01T00:00:00.000Z,\n',
    );
    expect(records.describe()).toEqual({ filepath: 'in.csv', load_args: { as: 'records' } });
    expect(await records.previewHead!(1)).toMatchObject({ names: ['zip', 'n', 'flag'], rowCount: 2 });
    // A table's column has one type, as in pandas: numbers mixed with text are text.
    writeFileSync(join(root, 'mixed.csv'), 'code,n\n1,2\nA7,3\n');
    expect(((await new TableCSVDataset({ filepath: 'mixed.csv', root }).load()) as Table).objects()).toEqual([
      { code: '1', n: 2 },
      { code: 'A7', n: 3 },
    ]);
  });
});

describe('pandas.ExcelDataset', () => {
  it('saves a record of tables as sheets and loads one sheet, a list of sheets, or all', async () => {
    const root = tempDir();
    const ds = new ExcelDataset({ filepath: 'book.xlsx', root });
    await ds.save({ people: sample(), counts: aq.table({ k: ['a', 'b'], n: [1, 2] }) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(root, 'book.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['people', 'counts']);
    expect(((await ds.load()) as Table).objects()).toEqual(ROWS);
    const two = (await new ExcelDataset({
      filepath: 'book.xlsx',
      root,
      load_args: { sheet_name: ['counts', 0] },
    }).load()) as Record<string, Table>;
    expect(Object.keys(two)).toEqual(['counts', 'people']);
    expect(two.counts.objects()).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
    ]);
    const all = (await new ExcelDataset({
      filepath: 'book.xlsx',
      root,
      load_args: { sheet_name: null, as: 'records' },
    }).load()) as Record<string, unknown>;
    expect(Object.keys(all)).toEqual(['people', 'counts']);
    expect(all.counts).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
    ]);
    expect(await ds.previewHead(1)).toEqual({
      names: ['name', 'score', 'when', 'ok'],
      columns: [['ada'], [1.5], [new Date('2024-01-02T03:04:05Z')], [true]],
      rowCount: 3,
    });
  });

  it('a missing sheet names the sheets that exist; header and skiprows', async () => {
    const root = tempDir();
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Data');
    ws.addRow(['exported by a tool']);
    ws.addRow(['x', 'y', 'x']);
    ws.addRow([1, { formula: '1+1', result: 2 }, 3]);
    await workbook.xlsx.writeFile(join(root, 'in.xlsx'));
    await expect(
      new ExcelDataset({ filepath: 'in.xlsx', root, load_args: { sheet_name: 'Sheet1' } }).load(),
    ).rejects.toThrow("Failed to load in.xlsx: no sheet 'Sheet1'; the workbook has 'Data'");
    const skipped = new ExcelDataset({ filepath: 'in.xlsx', root, load_args: { skiprows: 1, as: 'records' } });
    expect(await skipped.load()).toEqual([{ x: 1, y: 2, 'x.1': 3 }]);
    const noHeader = new ExcelDataset({
      filepath: 'in.xlsx',
      root,
      load_args: { skiprows: 1, header: null, as: 'records' },
    });
    expect(await noHeader.load()).toEqual([
      { 0: 'x', 1: 'y', 2: 'x' },
      { 0: 1, 1: 2, 2: 3 },
    ]);
    expect(() => new ExcelDataset({ filepath: 'in.xlsx', root, load_args: { sheet_name: { a: 1 } } })).toThrow(
      /sheet_name must be a sheet name/,
    );
  });

  it('saves records to one sheet named by save_args, atomically and versioned', async () => {
    const root = tempDir();
    const ds = new ExcelDataset({
      filepath: 'r.xlsx',
      root,
      versioned: true,
      version: { save: 'v1' },
      save_args: { sheet_name: 'Out' },
      load_args: { sheet_name: 'Out', as: 'records' },
    });
    await ds.save([{ a: 1 }, { a: 2, b: 'x' }]);
    expect(listFiles(join(root, 'r.xlsx'))).toEqual(['v1/r.xlsx']);
    expect(await ds.load()).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
    await expect(new ExcelDataset({ filepath: 'x.xlsx', root }).save('text' as never)).rejects.toThrow(
      /saves a table, records, or a record of sheet name to table; got a string/,
    );
  });
});
