import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

const RUNNERS = ['SequentialRunner', 'ThreadRunner', 'ParallelRunner'];

for (const runner of RUNNERS) {
  for (const isAsync of [false, true]) {
    test(`runs variance with ${runner}${isAsync ? ', async' : ''} and every node ends done`, async ({ page }) => {
      await openApp(page, 'variance');
      await page.getByLabel('Runner', { exact: true }).selectOption(runner);
      await page.getByLabel('Async', { exact: true }).setChecked(isAsync);
      if (runner !== 'SequentialRunner') await page.getByLabel('Max workers', { exact: true }).fill('2');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByTestId('progress')).toHaveText('4 of 4 nodes', { timeout: 60_000 });
      await expect(page.locator('.run-status .badge')).toHaveText('success');
      await expect(page.locator('.pw-fn.st-done')).toHaveCount(4);
      await expect(page.locator('.pw-fn').first()).toContainText('done');
      await expect(page.getByRole('log')).toContainText('Completed 4 out of 4 tasks');
      if (runner === 'ParallelRunner' && isAsync) await shot(page, 'run-done-variance');
    });
  }
}

test('Ctrl+Enter runs, and the states move from running to done', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'slow');
  await page.locator('.vue-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.pw-fn.st-running')).toHaveCount(1);
  await expect(page.locator('.pw-fn.st-waiting').first()).toBeAttached();
  await shot(page, 'run-in-progress');
  await expect(page.getByTestId('progress')).toHaveText('13 of 13 nodes', { timeout: 60_000 });
});
