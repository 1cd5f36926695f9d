import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigCsv } from '../fixtures/big-csv';
import { api, openApp, projectDir, shot } from './helpers';

const ROWS = 200_000;

/** A project whose one node reads a 200,000-row CSV: id, label, value (blank every tenth row), flag. */
test.beforeAll(() => {
  const root = projectDir('big-csv');
  mkdirSync(join(root, 'conf', 'base'), { recursive: true });
  mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  writeFileSync(join(root, 'data', 'big.csv'), bigCsv(ROWS));
  writeFileSync(join(root, 'conf', 'base', 'catalog.yml'), 'big:\n  type: CSVDataset\n  filepath: data/big.csv\n');
  writeFileSync(join(root, 'conf', 'base', 'parameters.yml'), 'top: 5\n');
  writeFileSync(
    join(root, 'src', 'pipeline_registry.ts'),
    `import { node, pipeline } from 'pipewright';\n\nexport const head = (rows: unknown[], n: number) => rows.slice(0, n);\n\nexport function registerPipelines() {\n  return { __default__: pipeline([node(head, ['big', 'params:top'], 'top_rows', { name: 'head_node' })]) };\n}\n`,
  );
});

async function openExplorer(page: Page) {
  await openApp(page, 'big-csv');
  await page.locator('.vue-flow__node[data-id="ds:big"]').click();
  await page.getByRole('button', { name: 'Explore all rows' }).click();
  const dialog = page.getByRole('dialog', { name: 'Explore big' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('explores a 200,000-row CSV: every row by scrolling, sort, filter, statistics', async ({ page }) => {
  const dialog = await openExplorer(page);
  const table = dialog.getByRole('table', { name: 'Rows of big' });
  await expect(dialog.getByRole('status').first()).toContainText('200,000 rows × 4 columns');
  await expect(table.getByRole('row').nth(2)).toContainText('item 0');
  // Statistics over every row, not the first page.
  const stats = table.getByRole('row').nth(1);
  await expect(stats).toContainText('0.25 – 49,999.75');
  await expect(stats).toContainText('20,000 null');
  await expect(stats).toContainText('2 distinct');
  await shot(page, 'preview-explorer');

  // The last rows are fetched when scrolled to.
  await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table.getByRole('row', { name: /item 199999/ })).toBeVisible();

  await table.getByRole('button', { name: 'Sort by value' }).click();
  await table.getByRole('button', { name: 'Sort by value' }).click();
  await expect(table.getByRole('columnheader', { name: /value/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(2)).toContainText('item 199999');

  await dialog.getByLabel('Filter column').selectOption('label');
  await dialog.getByLabel('Filter rows').fill('item 19999');
  await expect(dialog.getByRole('status').first()).toContainText('11 of 200,000 rows');
  await expect(table.getByRole('row').nth(2)).toContainText('item 199999');
  await shot(page, 'preview-explorer-filtered');

  await dialog.getByRole('tab', { name: 'Charts' }).click();
  await expect(dialog.getByRole('img', { name: 'Histogram of value' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'Histogram of id' })).toBeVisible();
  await shot(page, 'preview-explorer-charts');

  // Tab stays in the dialog: the app behind it is inert.
  for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Explore all rows' })).toBeFocused();
});

test('the host answers other calls while it sorts 200,000 rows', async ({ page }) => {
  await openApp(page, 'big-csv');
  const order: string[] = [];
  const sorted = api(page, 'datasets.table', { name: 'big', limit: 5, sort: { column: 'label', desc: true } }).then(
    (p) => {
      order.push('sorted');
      return p as { rows: unknown[][] };
    },
  );
  await api(page, 'app.info');
  order.push('info');
  expect((await sorted).rows[0]).toEqual([99_999, 'item 99999', 24_999.75, false]);
  expect(order).toEqual(['info', 'sorted']);
});
