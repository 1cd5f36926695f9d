import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

test('"Only missing outputs" runs only what a missing output needs: nothing once every output exists', async ({
  page,
}) => {
  await openApp(page, 'variance');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 60_000 });

  await page.getByLabel('Only missing outputs', { exact: true }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('log')).toContainText('Skipping all 4 nodes (all persistent outputs exist)', {
    timeout: 60_000,
  });
  await expect(page.locator('.run-status .badge')).toHaveText('success');
  await expect(page.locator('.pw-fn.st-done')).toHaveCount(0);
  await shot(page, 'run-only-missing-outputs');
});

test("a past run's detail shows its request and the parameters its nodes saw", async ({ page }) => {
  await openApp(page, 'variance');
  await page.getByLabel('Only missing outputs', { exact: true }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'History', exact: true }).click();
  await page
    .getByRole('button', { name: /^Open run / })
    .first()
    .click();
  const detail = page.getByRole('region', { name: /^Run \d/ });
  await detail.getByText('Request', { exact: true }).click();
  await expect(detail).toContainText('onlyMissingOutputs');
  await detail.getByText('Parameters', { exact: true }).click();
  await shot(page, 'history-run-request');
});
