import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

test('inspects a CSV dataset: definition and a table with column names, types and row count', async ({ page }) => {
  await openApp(page, 'spaceflights');
  await page.locator('.vue-flow__node[data-id="ds:companies"]').click();
  const panel = page.getByRole('region', { name: 'Dataset companies' });
  await expect(panel).toContainText('CSVDataset');
  await expect(panel.getByText('companies.csv').first()).toBeVisible();
  const table = panel.getByRole('table');
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader').nth(1)).toContainText(/\w/);
  await expect(panel).toContainText(/rows ×/);
  await expect(table.getByRole('row').nth(2)).toBeVisible();
  await shot(page, 'dataset-csv');
});

test('inspects a numeric JSON array as a chart', async ({ page }) => {
  await openApp(page, 'variance');
  await page.locator('.vue-flow__node[data-id="ds:xs"]').click();
  const panel = page.getByRole('region', { name: 'Dataset xs' });
  await expect(panel).toContainText('JSONDataset');
  await expect(panel.getByRole('img', { name: /Chart of xs/ })).toBeVisible();
  await shot(page, 'dataset-series');
});

test('inspects a JSON dataset as a collapsible tree', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'flaky');
  await page.locator('.vue-flow__node[data-id="ds:settings"]').click();
  const panel = page.getByRole('region', { name: 'Dataset settings' });
  await expect(panel).toContainText('JSONDataset');
  const toggle = panel.locator('.jt-toggle').first();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.locator('.jt-leaf').first()).toBeVisible();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await shot(page, 'dataset-json');
});
