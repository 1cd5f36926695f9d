// A past run's SQL table output is kept as its rows in the store; previewing or exploring a large
// one must not hold up the host: another call asked while the kept rows are read is answered first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { pipewright, removeDir, writeProject } from '../cli/cli-helpers';
import { serviceCaller } from '../service-call';

const ROWS = 50_000;
// Names that a row scanner could trip on: quotes, brackets, commas, backslashes, non-ASCII.
const name = (i: number) => [`ann ${i}`, `b"o]b,[${i}`, `c\\y ${i}`, `dé ${i} 🙂`][i % 4];

let dir: string;
let dataDir: string;
let services: AppServices;
const call = serviceCaller(() => services);
let runId: string;

beforeAll(async () => {
  dir = writeProject({
    'conf/base/catalog.yml': 'big: { type: pandas.SQLTableDataset, filepath: data/big.sqlite, table_name: big }\n',
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
const name = ${name.toString()};
const rows = () => Array.from({ length: ${ROWS} }, (_, i) => ({ id: i, name: name(i), score: i % 2 ? null : i / 2 }));
export function registerPipelines() {
  return { __default__: pipeline([node(rows, null, 'big', { name: 'write_big' })]) };
}
`,
  });
  const r = await pipewright(['run', '--project', dir, '--json']);
  expect(r.code, r.stderr).toBe(0);
  runId = (JSON.parse(r.stdout) as { runId: string }).runId;
  dataDir = mkdtempSync(join(tmpdir(), 'pw-past-sql-data-'));
  services = createServices({ dataDir, openHistory: openAppHistory });
  await call('project.open', { root: dir });
}, 60_000);
afterAll(() => {
  services?.close();
  removeDir(dir);
  removeDir(dataDir);
});

/** Asks `slow`, then, on the next turn of the event loop, the project: the order both are answered in. */
async function answeredOrder(slow: () => Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const first = slow().then(() => order.push('kept rows'));
  const second = new Promise<void>((r) => setImmediate(r))
    .then(() => call('project.current'))
    .then(() => order.push('project'));
  await Promise.all([first, second]);
  return order;
}

it('previews a large kept SQL table while still answering other calls', async () => {
  const order = await answeredOrder(() => call('datasets.preview', { name: 'big', runId, limit: 5 }));
  expect(order).toEqual(['project', 'kept rows']);

  const p = await call('datasets.preview', { name: 'big', runId, offset: 4, limit: 3 });
  expect(p).toMatchObject({ source: 'run', runId, kind: 'table', rowCount: ROWS, offset: 4 });
  if (p.kind !== 'table') throw new Error('expected a table');
  expect(p.columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
  expect(p.rows).toEqual([
    [4, name(4), 2],
    [5, name(5), null],
    [6, name(6), 3],
  ]);
});

it('explores a large kept SQL table while still answering other calls', async () => {
  const table = () =>
    call('datasets.table', { name: 'big', runId, offset: 0, limit: 4, sort: { column: 'id', desc: true } });
  const order = await answeredOrder(table);
  expect(order).toEqual(['project', 'kept rows']);

  const page = await table();
  expect(page.rows.map((r) => r.slice(0, 2))).toEqual(
    [ROWS - 1, ROWS - 2, ROWS - 3, ROWS - 4].map((i) => [i, name(i)]),
  );
});
