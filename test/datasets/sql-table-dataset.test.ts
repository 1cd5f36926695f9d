import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLTableDataset } from '../../src-main/datasets';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const rows = [
  { id: 1, name: 'a', score: 1.5 },
  { id: 2, name: 'b', score: null },
];

describe('SQLTableDataset', () => {
  it('saves records to a new table (columns from the keys) and loads them back', async () => {
    const root = tempDir();
    const ds = new SQLTableDataset({ filepath: 'data/db.sqlite', table_name: 'people', root });
    expect(ds.exists()).toBe(false);
    ds.save(rows);
    expect(ds.exists()).toBe(true);
    expect(ds.load()).toEqual(rows);
    expect(ds.ioInfo('save')).toMatchObject({ path: join(root, 'data/db.sqlite') });
    expect(listFiles(root)).toEqual(['data/db.sqlite']);
  });

  it('replaces the table by default, appends with if_exists: append (adding new columns)', () => {
    const root = tempDir();
    new SQLTableDataset({ filepath: 'db.sqlite', table_name: 't', root }).save(rows);
    const replace = new SQLTableDataset({ filepath: 'db.sqlite', table_name: 't', root });
    replace.save([{ id: 9, other: 'x' }]);
    expect(replace.load()).toEqual([{ id: 9, other: 'x' }]);
    const append = new SQLTableDataset({
      filepath: 'db.sqlite',
      table_name: 't',
      root,
      save_args: { if_exists: 'append' },
    });
    append.save([{ id: 10, extra: true }]);
    expect(append.load()).toEqual([
      { id: 9, other: 'x', extra: null },
      { id: 10, other: null, extra: 1 },
    ]);
  });

  it("if_exists: fail refuses an existing table; Kedro's credentials.con works", () => {
    const root = tempDir();
    const file = join(root, 'k.db');
    new SQLTableDataset({ credentials: { con: `sqlite:///${file}` }, table_name: 't' }).save(rows);
    const fail = new SQLTableDataset({ filepath: 'k.db', table_name: 't', root, save_args: { if_exists: 'fail' } });
    expect(() => fail.save(rows)).toThrow("Table 't' already exists in k.db");
  });

  it('errors name the file and table', () => {
    const root = tempDir();
    expect(() => new SQLTableDataset({ filepath: 'none.db', table_name: 't', root }).load()).toThrow(
      "Failed to load table 't' in none.db: file not found",
    );
    expect(existsSync(join(root, 'none.db'))).toBe(false);
    const ds = new SQLTableDataset({ filepath: 'db.sqlite', table_name: 'x', root });
    ds.save(rows);
    expect(() => new SQLTableDataset({ filepath: 'db.sqlite', table_name: 'y', root }).load()).toThrow(
      "Failed to load table 'y' in db.sqlite: no such table",
    );
    expect(() => new SQLTableDataset({ filepath: 'db.sqlite', root } as never)).toThrow("needs a 'table_name'");
    expect(
      () =>
        new SQLTableDataset({
          filepath: 'db.sqlite',
          table_name: 'x',
          root,
          save_args: { if_exists: 'merge' as never },
        }),
    ).toThrow('if_exists must be');
  });

  it('a failed save leaves the table as it was (one transaction)', () => {
    const root = tempDir();
    const ds = new SQLTableDataset({ filepath: 'db.sqlite', table_name: 't', root });
    ds.save(rows);
    expect(() => ds.save([{ id: 1 }, 'not a record' as never])).toThrow(/array of records/);
    expect(() => ds.save([{ id: Symbol('x') as never }])).toThrow(/Failed to save to table 't' in db.sqlite/);
    expect(ds.load()).toEqual(rows);
  });
});
