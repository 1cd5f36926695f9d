// A SQLite table's fingerprint is remembered by the stats of its database file and of its WAL, as
// files' hashes are: an unchanged database is not read again, and a write (in the WAL before a
// checkpoint, or in place in rollback mode) is seen.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintLocation } from '../../src-main/fingerprint/dataset-fingerprint';
import { FILE_HASHES, FileHashCache } from '../../src-main/fingerprint/file-hash-cache';
import { removeDir } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const pastRacyWindow = () => new Promise((r) => setTimeout(r, 120));

function database(wal: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'pw-sqlhash-'));
  dirs.push(root);
  const file = join(root, 'db.sqlite');
  const db = new Database(file);
  if (wal) db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  for (let i = 0; i < 100; i++) insert.run(i, `row ${i}`);
  return { root, file, db, location: { kind: 'sql' as const, file, table: 't' } };
}

describe('SQL table fingerprints remembered by stat', () => {
  it('an unchanged database is not read again: the recorded fingerprint is given back', async () => {
    const { root, db, location } = database(false);
    db.close();
    await pastRacyWindow();
    const first = new FileHashCache(root);
    const real = await fingerprintLocation(location, first);
    expect(real?.rows).toBe(100);
    first.save();
    // What a later process reads: change only the fingerprint the record holds.
    const records = JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8'));
    const key = Object.keys(records).find((k) => k.startsWith('sql:'))!;
    records[key].fp.hash = 'feedfacefeedface';
    writeFileSync(join(root, FILE_HASHES), JSON.stringify(records));
    expect((await fingerprintLocation(location, new FileHashCache(root)))?.hash).toBe('feedfacefeedface');
    expect((await fingerprintLocation(location))?.hash).toBe(real?.hash);
  });

  it('a row committed to the WAL (not yet in the database file) is seen', async () => {
    const { root, db, location } = database(true);
    db.pragma('wal_checkpoint(TRUNCATE)');
    await pastRacyWindow();
    const cache = new FileHashCache(root);
    const before = await fingerprintLocation(location, cache);
    await pastRacyWindow();
    db.prepare('UPDATE t SET b = ? WHERE a = 7').run('changed');
    const after = await fingerprintLocation(location, cache);
    db.close();
    expect(after?.rows).toBe(100);
    expect(after?.hash).not.toBe(before?.hash);
    expect(after?.hash).toBe((await fingerprintLocation(location))?.hash);
  });

  it('a row updated in place in rollback mode is seen, and a record taken at the time of a write is not trusted', async () => {
    const { root, db, location } = database(false);
    const cache = new FileHashCache(root);
    const racy = await fingerprintLocation(location, cache); // within the racy window of the inserts
    cache.save();
    const records = JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8'));
    const key = Object.keys(records).find((k) => k.startsWith('sql:'))!;
    records[key].fp.hash = 'feedfacefeedface';
    writeFileSync(join(root, FILE_HASHES), JSON.stringify(records));
    expect((await fingerprintLocation(location, new FileHashCache(root)))?.hash).toBe(racy?.hash);
    await pastRacyWindow();
    const settled = new FileHashCache(root);
    const before = await fingerprintLocation(location, settled);
    db.prepare('UPDATE t SET b = ? WHERE a = 7').run('ROW 7'); // same size
    db.close();
    expect((await fingerprintLocation(location, settled))?.hash).not.toBe(before?.hash);
  });
});
