import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { bigCsv } from '../fixtures/big-csv';
import { tempProject } from './helpers';
import { serviceCaller } from '../service-call';

const ROWS = 200_000;
let project: ReturnType<typeof tempProject>;
let services: AppServices;
const call = serviceCaller(() => services);

beforeAll(async () => {
  project = tempProject();
  writeFileSync(join(project.root, 'data/big.csv'), bigCsv(ROWS));
  // A quoted field spanning lines, Windows line ends and a blank line: rows are records, not lines.
  writeFileSync(
    join(project.root, 'data/quoted.csv'),
    'name;note\r\n"a";"two\r\nlines"\r\n\r\n"b";"say ""hi"""\r\nc;plain\r\n',
  );
  writeFileSync(join(project.root, 'data/ragged.csv'), `${bigCsv(1000)}5,short\n`);
  writeFileSync(
    join(project.root, 'data/records.json'),
    JSON.stringify([
      { k: 'x', n: 3 },
      { k: 'y', n: null },
      { k: 'z', n: 1 },
    ]),
  );
  // 20,000 rows in row groups of 1,000: id, a label, and a value that falls as the id rises.
  const n = 20_000;
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Int32Array.from({ length: n }, (_, i) => i) },
      { name: 'label', data: Array.from({ length: n }, (_, i) => `row ${i}`) },
      { name: 'value', data: Float64Array.from({ length: n }, (_, i) => (n - i) / 4) },
    ],
    rowGroupSize: 1000,
  });
  writeFileSync(join(project.root, 'data/rows.parquet'), new Uint8Array(parquet));
  // A SQLite table of 30,000 rows: id, a name, a score (null every fifth row).
  const db = new Database(join(project.root, 'data/scores.sqlite'));
  db.exec('CREATE TABLE scores (id INTEGER, name TEXT, score REAL)');
  const insert = db.prepare('INSERT INTO scores VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 30_000; i++) insert.run(i, `name ${i}`, i % 5 === 0 ? null : i / 2);
  })();
  db.close();
  appendFileSync(
    join(project.root, 'conf/base/catalog.yml'),
    [
      '',
      'big:\n  type: CSVDataset\n  filepath: data/big.csv',
      'quoted:\n  type: pandas.CSVDataset\n  filepath: data/quoted.csv\n  load_args:\n    sep: ";"',
      'ragged:\n  type: CSVDataset\n  filepath: data/ragged.csv',
      'records:\n  type: JSONDataset\n  filepath: data/records.json',
      'rows:\n  type: pandas.ParquetDataset\n  filepath: data/rows.parquet',
      'scores:\n  type: pandas.SQLTableDataset\n  filepath: data/scores.sqlite\n  table_name: scores',
      '',
    ].join('\n'),
  );
  services = createServices({ dataDir: project.dataDir });
  await call('project.open', { root: project.root });
});
afterAll(async () => {
  await services?.close();
  project?.cleanup();
});

it('pages anywhere in a 200,000-row CSV by its row index', async () => {
  const first = await call('datasets.table', { name: 'big', limit: 3 });
  expect(first).toMatchObject({
    totalRows: ROWS,
    rowCount: ROWS,
    offset: 0,
    rowNumbers: [0, 1, 2],
    rows: [
      [0, 'item 0', null, true],
      [1, 'item 1', 0.25, false],
      [2, 'item 2', 0.5, true],
    ],
  });
  expect(first.columns.map((c) => c.name)).toEqual(['id', 'label', 'value', 'flag']);
  const deep = await call('datasets.table', { name: 'big', offset: 199_998, limit: 10 });
  expect(deep.rows).toEqual([
    [199_998, 'item 199998', 49_999.5, true],
    [199_999, 'item 199999', 49_999.75, false],
  ]);
});

it('sorts and filters the whole file, empty cells last', async () => {
  const desc = await call('datasets.table', { name: 'big', limit: 2, sort: { column: 'value', desc: true } });
  expect(desc.rows.map((r) => r[0])).toEqual([199_999, 199_998]);
  const asc = await call('datasets.table', { name: 'big', offset: ROWS - 2, limit: 2, sort: { column: 'value' } });
  expect(asc.rows.map((r) => r[2])).toEqual([null, null]);
  const text = await call('datasets.table', { name: 'big', filter: { text: 'ITEM 19999', column: 'label' } });
  expect(text.rowCount).toBe(11); // 19999 and 199990..199999
  expect(text.rowNumbers).toEqual([19_999, ...Array.from({ length: 10 }, (_, i) => 199_990 + i)]);
  const numeric = await call('datasets.table', {
    name: 'big',
    filter: { text: '>= 49990', column: 'value' },
    sort: { column: 'id', desc: true },
    limit: 100,
  });
  // value = id / 4 >= 49990 for id >= 199960, less every tenth (blank).
  expect(numeric.rowCount).toBe(36);
  expect(numeric.rows[0]![0]).toBe(199_999);
  expect(numeric.totalRows).toBe(ROWS);
});

it('counts nulls, distinct values, min, max and a histogram over every row', async () => {
  const stats = await call('datasets.stats', { name: 'big' });
  expect(stats.rows).toBe(ROWS);
  const [id, label, value, flag] = stats.columns;
  expect(id).toMatchObject({ type: 'number', min: 0, max: ROWS - 1, nulls: 0, distinctCapped: true });
  expect(label).toMatchObject({ type: 'string', nulls: 0 });
  expect(value).toMatchObject({ type: 'number', min: 0.25, max: 49_999.75, nulls: ROWS / 10 });
  expect(flag).toMatchObject({ type: 'boolean', distinct: 2, distinctCapped: false });
  const bins = value!.histogram!.counts;
  expect(bins.reduce((a, b) => a + b, 0)).toBe(ROWS - ROWS / 10);
});

it('keeps answering other calls while the table worker sorts a large file', async () => {
  let done = false;
  const sorted = call('datasets.table', { name: 'big', limit: 1, sort: { column: 'label', desc: true } }).then((p) => {
    done = true;
    return p;
  });
  let answered = 0;
  while (!done) {
    await call('project.current');
    if (!done) answered++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(answered).toBeGreaterThan(0);
  expect((await sorted).rows[0]![1]).toBe('item 99999');
});

it('reads quoted fields across lines, CRLF, blank lines and the dataset separator', async () => {
  const page = await call('datasets.table', { name: 'quoted' });
  expect(page.totalRows).toBe(3);
  expect(page.rows).toEqual([
    ['a', 'two\r\nlines'],
    ['b', 'say "hi"'],
    ['c', 'plain'],
  ]);
  const sorted = await call('datasets.table', { name: 'quoted', sort: { column: 'note', desc: true } });
  expect(sorted.rows.map((r) => r[0])).toEqual(['a', 'b', 'c']);
});

it('names the file and the line of a bad row, and a column that does not exist', async () => {
  await expect(call('datasets.stats', { name: 'ragged' })).rejects.toThrow(
    /ragged\.csv: line 1002 has 2 fields where the header has 4/,
  );
  await expect(call('datasets.table', { name: 'big', sort: { column: 'nope' } })).rejects.toThrow(
    "No column 'nope' in 'big': its columns are 'id', 'label', 'value', 'flag'.",
  );
});

it('pages a table that is not a CSV file with the same rules', async () => {
  const page = await call('datasets.table', { name: 'records', sort: { column: 'n' } });
  expect(page.rows).toEqual([
    ['z', 1],
    ['x', 3],
    ['y', null],
  ]);
  const stats = await call('datasets.stats', { name: 'records' });
  expect(stats.columns[1]).toMatchObject({ name: 'n', nulls: 1, min: 1, max: 3, distinct: 2 });
  await expect(call('datasets.table', { name: 'params:scale' })).rejects.toThrow("'params:scale' is a parameter");
  // Rewritten (as a run would): the next page reads the new data, not the value kept for paging.
  const path = join(project.root, 'data/records.json');
  writeFileSync(path, JSON.stringify([{ k: 'w', n: 7 }]));
  utimesSync(path, new Date(), new Date(Date.now() + 5_000));
  expect((await call('datasets.table', { name: 'records' })).rows).toEqual([['w', 7]]);
});

it('pages, sorts, filters and counts a Parquet file by its row groups', async () => {
  const deep = await call('datasets.table', { name: 'rows', offset: 15_000, limit: 2 });
  expect(deep).toMatchObject({
    totalRows: 20_000,
    rowNumbers: [15_000, 15_001],
    rows: [
      [15_000, 'row 15000', 1250],
      [15_001, 'row 15001', 1249.75],
    ],
  });
  const sorted = await call('datasets.table', { name: 'rows', limit: 2, sort: { column: 'value' } });
  expect(sorted.rows.map((r) => r[0])).toEqual([19_999, 19_998]);
  const filtered = await call('datasets.table', { name: 'rows', filter: { text: '<= 1', column: 'value' } });
  expect(filtered.rowNumbers).toEqual([19_996, 19_997, 19_998, 19_999]);
  const stats = await call('datasets.stats', { name: 'rows' });
  expect(stats.columns[0]).toMatchObject({ name: 'id', type: 'number', min: 0, max: 19_999, nulls: 0 });
  expect(stats.columns[2]).toMatchObject({ min: 0.25, max: 5000 });
});

it('pages, sorts, filters and counts a SQLite table with SQL', async () => {
  const deep = await call('datasets.table', { name: 'scores', offset: 29_998, limit: 5 });
  expect(deep).toMatchObject({
    totalRows: 30_000,
    rowCount: 30_000,
    rowNumbers: [29_998, 29_999],
    rows: [
      [29_998, 'name 29998', 14_999],
      [29_999, 'name 29999', 14_999.5],
    ],
  });
  const desc = await call('datasets.table', { name: 'scores', limit: 2, sort: { column: 'score', desc: true } });
  expect(desc.rows.map((r) => r[0])).toEqual([29_999, 29_998]);
  const last = await call('datasets.table', { name: 'scores', offset: 29_999, sort: { column: 'score' } });
  expect(last.rows[0]![2]).toBeNull();
  const text = await call('datasets.table', { name: 'scores', filter: { text: 'NAME 2999', column: 'name' } });
  expect(text.rowCount).toBe(11);
  const numeric = await call('datasets.table', { name: 'scores', filter: { text: '> 14998', column: 'score' } });
  expect(numeric.rowNumbers).toEqual([29_997, 29_998, 29_999]);
  const stats = await call('datasets.stats', { name: 'scores' });
  expect(stats.rows).toBe(30_000);
  expect(stats.columns[2]).toMatchObject({ type: 'number', nulls: 6000, min: 0.5, max: 14_999.5, distinct: 24_000 });
  expect(stats.columns[2]!.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(24_000);
  expect(stats.columns[1]).toMatchObject({ type: 'string', nulls: 0, distinct: 30_000, distinctCapped: false });
});
