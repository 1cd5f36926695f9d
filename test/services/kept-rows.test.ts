// The kept rows of a SQL table output, read back a batch at a time: every row as JSON.parse of the
// whole document gives it, whatever the strings hold (and a blob, which the export writes as an
// object), across batch boundaries and for no rows.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { readKeptRows } from '../../src-main/services/kept-rows';
import { exportSqlRows, type ExportedRows } from '../../src-main/store';
import { removeDir } from '../cli/cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'pw-kept-rows-'));
afterAll(() => removeDir(dir));

const TRICKY = ['"],[', '\\', '\\"', ']', '[1,2]', 'é 🙂', '\n\t', ''];

/** Exports `table` of a real SQLite file as the store keeps it, and returns the kept file's path. */
async function kept(name: string, create: (db: Database.Database) => void): Promise<string> {
  const file = join(dir, `${name}.sqlite`);
  const db = new Database(file);
  create(db);
  db.close();
  const path = join(dir, `${name}.rows.json`);
  writeFileSync(path, (await exportSqlRows(file, 't'))!);
  return path;
}

const whole = (doc: ExportedRows) => doc.rows.map((r) => Object.fromEntries(doc.columns.map((c, i) => [c.name, r[i]])));

it('reads every row as parsing the whole document does, across batches and tricky strings', async () => {
  const path = await kept('tricky', (db) => {
    db.exec('CREATE TABLE t (id INTEGER, name TEXT, score REAL, blob BLOB, big INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
    db.defaultSafeIntegers(true);
    db.transaction(() => {
      for (let i = 0; i < 4_500; i++)
        insert.run(
          i,
          TRICKY[i % TRICKY.length],
          i % 3 ? i / 4 : null,
          Buffer.from([i & 255, 93]),
          2n ** 62n + BigInt(i),
        );
    })();
  });
  const expected = whole(JSON.parse(readFileSync(path, 'utf8')) as ExportedRows);
  const rows = await readKeptRows(path);
  expect(rows).toHaveLength(4_500);
  expect(rows).toEqual(expected);
  expect(rows.slice(0, TRICKY.length).map((r) => r.name)).toEqual(TRICKY);
});

it('reads a table with no rows as no rows, with its columns known', async () => {
  const path = await kept('empty', (db) => db.exec('CREATE TABLE t (id INTEGER, name TEXT)'));
  expect(await readKeptRows(path)).toEqual([]);
});

it('reads a document laid out otherwise (spaces, other key order) by parsing it whole', async () => {
  const path = join(dir, 'other.rows.json');
  const doc = {
    rows: [
      [1, 'a'],
      [2, 'b'],
    ],
    table: 't',
    columns: [
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'TEXT' },
    ],
  };
  writeFileSync(path, JSON.stringify(doc, null, 2));
  expect(await readKeptRows(path)).toEqual([
    { id: 1, name: 'a' },
    { id: 2, name: 'b' },
  ]);
});
