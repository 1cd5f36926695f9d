import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLTableDataset } from '../../src-main/datasets';
import { startWriter } from './writer-process';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const WRITERS = 8;

/** Eight processes save the same table at once (3 saves of 200 rows each, see writer.cjs). */
async function eightAtOnce(root: string, ifExists: 'replace' | 'append') {
  const go = join(root, 'go');
  const writers = Array.from({ length: WRITERS }, (_, i) => startWriter(['sql', root, ifExists, `w${i}`, go]));
  await Promise.all(writers.map((w) => w.ready));
  writeFileSync(go, '');
  return Promise.all(writers.map((w) => w.done));
}

type Row = { tag: string; round: number; i: number };

describe('SQLTableDataset saved by several processes at once', () => {
  it('replace: every save succeeds and the table holds one complete save', async () => {
    const root = tempDir();
    const results = await eightAtOnce(root, 'replace');
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    const rows = new SQLTableDataset({ filepath: 'data/shared.sqlite', table_name: 'rows', root }).load() as Row[];
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => `${r.tag}/${r.round}`)).size).toBe(1);
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('append: every save succeeds and the table holds all rows', async () => {
    const root = tempDir();
    const results = await eightAtOnce(root, 'append');
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    const rows = new SQLTableDataset({ filepath: 'data/shared.sqlite', table_name: 'rows', root }).load() as Row[];
    expect(rows).toHaveLength(WRITERS * 3 * 200);
    const perSave = new Map<string, number>();
    for (const r of rows) perSave.set(`${r.tag}/${r.round}`, (perSave.get(`${r.tag}/${r.round}`) ?? 0) + 1);
    expect(perSave.size).toBe(WRITERS * 3);
    expect([...perSave.values()].every((n) => n === 200)).toBe(true);
  });
});
