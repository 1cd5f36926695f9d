// What a run records of its datasets: content hash, bytes, and for tables rows and schema; and
// the hashes themselves, of files, folders and SQLite tables.
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashBytes, hashPath } from '../../src-main/fingerprint';
import { fingerprintLocation } from '../../src-main/fingerprint/dataset-fingerprint';
import { openHistory } from '../../src-main/history';
import { pipewright, removeDir, writeProject } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function tableProject(): string {
  const dir = writeProject({
    'conf/base/catalog.yml': [
      'people: { type: CSVDataset, filepath: data/people.csv }',
      'adults: { type: CSVDataset, filepath: data/adults.csv }',
      'adults_table: { type: SQLTableDataset, filepath: data/db.sqlite, table_name: adults }',
      '',
    ].join('\n'),
    'data/people.csv': 'name,age\nann,34\nbob,12\ncy,51\n',
    'src/nodes.ts': `export const adults = (rows: Array<{ name: string; age: number }>) => rows.filter((r) => r.age >= 18);
export const same = (rows: unknown[]) => rows;
`,
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { adults, same } from './nodes';
export function registerPipelines() {
  return {
    __default__: pipeline([
      node(adults, 'people', 'adults', { name: 'adults' }),
      node(same, 'adults', 'adults_table', { name: 'to_table' }),
    ]),
  };
}
`,
  });
  dirs.push(dir);
  return dir;
}

describe('a run records the fingerprints of its datasets', () => {
  it('saves and outside loads, with hash, bytes, rows and schema; the nodes with theirs', async () => {
    const dir = tableProject();
    const r = await pipewright(['run', '--project', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { runId } = JSON.parse(r.stdout) as { runId: string };
    const history = openHistory(dir);
    try {
      const byName = Object.fromEntries(history.fingerprints.datasetsOfRun(runId).map((d) => [d.dataset, d]));
      expect(Object.keys(byName).sort()).toEqual(['adults', 'adults_table', 'people']);
      expect(byName.people).toMatchObject({ kind: 'load', node: 'adults', rows: 3 });
      expect(byName.people.hash).toBe(await hashBytes(readFileSync(join(dir, 'data/people.csv'))));
      expect(byName.people.bytes).toBe(statSync(join(dir, 'data/people.csv')).size);
      expect(byName.adults).toMatchObject({ kind: 'save', node: 'adults', rows: 2 });
      expect(byName.adults.schema?.map((c) => c.name)).toEqual(['name', 'age']);
      expect(byName.adults_table).toMatchObject({ kind: 'save', rows: 2 });
      expect(byName.adults_table.schema?.map((c) => c.name)).toEqual(['name', 'age']);

      const nodes = history.fingerprints.nodesOfRun(runId);
      expect(Object.keys(nodes).sort()).toEqual(['adults', 'to_table']);
      expect(nodes.adults.parts.inputs).toEqual({ people: byName.people.hash });
      expect(nodes.to_table.parts.inputs).toEqual({ adults: byName.adults.hash });
      expect(nodes.adults.parts.codeFiles).toHaveProperty(['src/nodes.ts']);
    } finally {
      history.close();
    }
  });
});

describe('content hashes', () => {
  it('a folder hashes by its files and their relative names, wherever it lives', async () => {
    const dir = writeProject({ 'a/x.txt': 'one', 'a/sub/y.txt': 'two' });
    dirs.push(dir);
    cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true });
    const a = await hashPath(join(dir, 'a'));
    expect(a).toEqual(await hashPath(join(dir, 'b')));
    expect(a?.bytes).toBe(6);
    writeFileSync(join(dir, 'b/sub/y.txt'), 'tw0');
    expect((await hashPath(join(dir, 'b')))?.hash).not.toBe(a?.hash);
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c/x.txt'), 'one');
    writeFileSync(join(dir, 'c/y.txt'), 'two'); // same bytes under other names
    expect((await hashPath(join(dir, 'c')))?.hash).not.toBe(a?.hash);
    expect(await hashPath(join(dir, 'missing'))).toBeUndefined();
  });

  it('a SQLite table hashes by its rows and columns, not by the bytes of its file', async () => {
    const dir = writeProject({});
    dirs.push(dir);
    const make = (file: string, extra: boolean) => {
      const db = new Database(join(dir, file));
      db.pragma('journal_mode = WAL');
      if (extra) db.exec('CREATE TABLE other (z TEXT); INSERT INTO other VALUES (1);');
      db.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');");
      db.close();
    };
    make('one.sqlite', false);
    make('two.sqlite', true);
    const one = await fingerprintLocation({ kind: 'sql', file: join(dir, 'one.sqlite'), table: 't' });
    const two = await fingerprintLocation({ kind: 'sql', file: join(dir, 'two.sqlite'), table: 't' });
    expect(one).toMatchObject({
      rows: 2,
      schema: [
        { name: 'a', type: 'INTEGER' },
        { name: 'b', type: 'TEXT' },
      ],
    });
    expect(two?.hash).toBe(one?.hash);
    const db = new Database(join(dir, 'two.sqlite'));
    db.exec("UPDATE t SET b = 'z' WHERE a = 2");
    db.close();
    expect((await fingerprintLocation({ kind: 'sql', file: join(dir, 'two.sqlite'), table: 't' }))?.hash).not.toBe(
      one?.hash,
    );
    expect(await fingerprintLocation({ kind: 'sql', file: join(dir, 'one.sqlite'), table: 'nope' })).toBeUndefined();
  });
});
