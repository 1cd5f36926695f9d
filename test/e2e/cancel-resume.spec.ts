import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, projectDir, shot } from './helpers';

test('cancels a long run: the run ends cancelled and the rest never runs', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'slow');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.vue-flow__node[data-id="fn:step_2"] .pw-fn')).toHaveClass(/st-(running|done)/, {
    timeout: 30_000,
  });
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('cancelled', { timeout: 30_000 });
  await expect(page.locator('.vue-flow__node[data-id="fn:step_12"] .pw-fn')).toHaveClass(/st-(skipped|cancelled)/);
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeDisabled();
  await shot(page, 'run-cancelled');
});

test('shows a failure with its node, error and stack, then resumes from there', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'flaky');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const failure = page.getByRole('alert', { name: 'Run failure' });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('explode');
  await expect(failure).toContainText('The input is not fixed yet');
  await failure.getByText('Stack trace').click();
  await expect(failure.locator('.stack')).toContainText('explode');
  await expect(page.locator('.vue-flow__node[data-id="fn:explode"] .pw-fn')).toHaveClass(/st-failed/);
  await expect(page.locator('.vue-flow__node[data-id="fn:explode"]')).toContainText('failed');
  await shot(page, 'run-failed');

  writeFileSync(join(projectDir('slow-flaky'), 'data', 'fixed.flag'), 'ok');
  await failure.getByRole('button', { name: /Resume from here/ }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 30_000 });
  await expect(page.locator('.vue-flow__node[data-id="fn:finish"] .pw-fn')).toHaveClass(/st-done/);
  await shot(page, 'run-resumed');
});
