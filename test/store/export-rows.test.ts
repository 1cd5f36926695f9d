// A SQL table output kept by the store is exported a batch of rows at a time: the event loop (the
// app's server) runs while a large table is read, and the document holds every row as it was.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSqlRows, type ExportedRows } from '../../src-main/store';
import { removeDir } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('exportSqlRows', () => {
  it('lets the event loop run while a 100,000-row table is exported, and exports every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-export-'));
    dirs.push(dir);
    const file = join(dir, 'big.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER, name TEXT, blob BLOB)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) insert.run(i, `name ${i}`, Buffer.from([i & 255]));
    })();
    db.close();

    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    const exported = exportSqlRows(file, 't');
    expect(immediateRan).toBe(false);
    const text = await exported;
    clearInterval(ticker);
    expect(immediateRan).toBe(true);
    expect(turns).toBeGreaterThan(0);

    const doc = JSON.parse(text!) as ExportedRows;
    expect(doc.table).toBe('t');
    expect(doc.columns.map((c) => c.name)).toEqual(['id', 'name', 'blob']);
    expect(doc.rows).toHaveLength(100_000);
    expect(doc.rows[99_999].slice(0, 2)).toEqual([99_999, 'name 99999']);
  });

  it('keeps blobs as base64 and integers beyond 2^53 exactly, as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-export-'));
    dirs.push(dir);
    const file = join(dir, 'types.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (big INTEGER, small INTEGER, real REAL, blob BLOB, absent TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)').run(2n ** 60n + 1n, 42, 1.5, Buffer.from('hi!'), null);
    db.close();

    const doc = JSON.parse((await exportSqlRows(file, 't'))!) as ExportedRows;
    expect(doc.rows).toEqual([['1152921504606846977', 42, 1.5, Buffer.from('hi!').toString('base64'), null]]);
  });

  it('gives undefined for a missing table or database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-export-'));
    dirs.push(dir);
    const file = join(dir, 'one.sqlite');
    new Database(file).exec('CREATE TABLE a (x)');
    expect(await exportSqlRows(file, 'nope')).toBeUndefined();
    expect(await exportSqlRows(join(dir, 'none.sqlite'), 'a')).toBeUndefined();
  });
});
