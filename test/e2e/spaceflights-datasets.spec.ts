import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

test("inspects spaceflights' Excel workbook: the sheet's first rows as a table, with its row count", async ({
  page,
}) => {
  await openApp(page, 'spaceflights');
  // The graph opens on its first rows at a readable zoom; search brings the workbook into view.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('shuttles');
  await page.keyboard.press('Enter');
  await page.locator('.vue-flow__node[data-id="ds:shuttles"]').click();
  const panel = page.getByRole('region', { name: 'Dataset shuttles' });
  await expect(panel).toContainText('ExcelDataset');
  await expect(panel.getByText('shuttles.xlsx').first()).toBeVisible();
  const table = panel.getByRole('table');
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /shuttle_type/ })).toBeVisible();
  await expect(panel).toContainText(/400 rows ×/);
  await expect(table.getByRole('row').nth(2)).toContainText('Type');
  await shot(page, 'dataset-excel');
});
