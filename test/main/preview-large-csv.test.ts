import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { bigCsv } from '../fixtures/big-csv';
import { tempProject } from './helpers';
import { serviceCaller } from '../service-call';

const ROWS = 200_000;
let project: ReturnType<typeof tempProject>;
let services: AppServices | undefined;
const call = serviceCaller(() => services);

beforeAll(() => {
  project = tempProject();
  const text = bigCsv(ROWS);
  writeFileSync(join(project.root, 'data/big.csv'), text);
  // The same rows with one short row far down: a full parse fails there, the first rows do not reach it.
  writeFileSync(join(project.root, 'data/big_bad_tail.csv'), `${text}${ROWS},short\n`);
  appendFileSync(
    join(project.root, 'conf/base/catalog.yml'),
    '\nbig:\n  type: CSVDataset\n  filepath: data/big.csv\n\nbig_bad_tail:\n  type: CSVDataset\n  filepath: data/big_bad_tail.csv\n',
  );
  return () => project.cleanup();
});
afterEach(() => services?.close());

async function open(): Promise<void> {
  services = createServices({ dataDir: project.dataDir });
  await call('project.open', { root: project.root });
}

it('previews the first rows and the row count of a 200,000-row CSV while the host keeps answering other calls', async () => {
  await open();
  const order: string[] = [];
  let previewDone = false;
  const preview = call('datasets.preview', { name: 'big', limit: 3 }).then((p) => {
    previewDone = true;
    order.push('preview');
    return p;
  });
  // Another caller asks the host, one call after another, for as long as the preview is in flight.
  const asking = (async () => {
    while (!previewDone) {
      await call('project.current');
      if (!previewDone) order.push('current');
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const table = await preview;
  await asking;

  expect(order.at(-1)).toBe('preview');
  expect(order.filter((o) => o === 'current').length).toBeGreaterThan(0);
  expect(table).toMatchObject({
    kind: 'table',
    rowCount: ROWS,
    offset: 0,
    columns: [
      { name: 'id', type: 'number' },
      { name: 'label', type: 'string' },
      { name: 'value', type: 'number' },
      { name: 'flag', type: 'boolean' },
    ],
    rows: [
      [0, 'item 0', null, true],
      [1, 'item 1', 0.25, false],
      [2, 'item 2', 0.5, true],
    ],
  });
});

it('pages by reading only up to the page: a bad row far down stops the load but not the preview', async () => {
  await open();
  const page = await call('datasets.preview', { name: 'big_bad_tail', offset: 150, limit: 2 });
  expect(page).toMatchObject({
    kind: 'table',
    offset: 150,
    rowCount: ROWS + 1,
    rows: [
      [150, 'item 150', null, true],
      [151, 'item 151', 37.75, false],
    ],
  });
  const { project: loaded } = services!.projects.require();
  await expect(loaded.createCatalog().load('big_bad_tail')).rejects.toThrow(
    `line ${ROWS + 2} has 2 fields where the header has 4`,
  );
});
