import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from './helpers';

const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
const splitter = (page: Page, name: string) => page.getByRole('separator', { name });

test('panels resize by dragging and by keyboard, collapse, and keep their sizes across a reload', async ({ page }) => {
  await openApp(page, 'spaceflights');
  const canvas0 = await box(page, '.area-canvas');
  // More room for the graph than the fixed 260/340/190 px layout gave (780 × 575 at 1440 × 900).
  expect(canvas0.width).toBeGreaterThan(780);
  expect(canvas0.height).toBeGreaterThan(575);
  await shot(page, 'panels-default');

  // Drag the details panel's edge 200 px to the left: the panel widens by as much, the canvas narrows.
  const side = splitter(page, 'Resize the details panel');
  const before = Number(await side.getAttribute('aria-valuenow'));
  const s = (await side.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 3);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2 - 100, s.y + s.height / 3, { steps: 4 });
  await page.mouse.move(s.x + s.width / 2 - 200, s.y + s.height / 3, { steps: 4 });
  await page.mouse.up();
  await expect(side).toHaveAttribute('aria-valuenow', String(before + 200));
  expect((await box(page, '#panel-side')).width).toBeCloseTo(before + 200, -1);
  expect((await box(page, '.area-canvas')).width).toBeCloseTo(canvas0.width - 200, -1);

  // The run panel's edge from the keyboard: two steps narrower, then collapsed and restored with Enter.
  const run = splitter(page, 'Resize the run panel');
  const runBefore = Number(await run.getAttribute('aria-valuenow'));
  await run.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(run).toHaveAttribute('aria-valuenow', String(runBefore - 32));
  await page.keyboard.press('Enter');
  await expect(page.locator('#panel-run')).toBeHidden();
  await expect(run).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('Enter');
  await expect(page.locator('#panel-run')).toBeVisible();
  await expect(run).toHaveAttribute('aria-valuenow', String(runBefore - 32));

  // The logs panel collapses from its toggle button.
  await page.getByRole('button', { name: 'Hide the logs panel' }).click();
  await expect(page.locator('#panel-logs')).toBeHidden();

  await page.reload();
  await page.waitForFunction(() => (globalThis as { __pwGraphReadyAt?: number }).__pwGraphReadyAt !== undefined);
  await expect(splitter(page, 'Resize the details panel')).toHaveAttribute('aria-valuenow', String(before + 200));
  await expect(splitter(page, 'Resize the run panel')).toHaveAttribute('aria-valuenow', String(runBefore - 32));
  await expect(page.locator('#panel-logs')).toBeHidden();
  await page.getByRole('button', { name: 'Show the logs panel' }).click();
  await expect(page.locator('#panel-logs')).toBeVisible();

  // Every panel collapsed: the graph has the window.
  await page.getByRole('button', { name: 'Hide the run panel' }).click();
  await page.getByRole('button', { name: 'Hide the details panel' }).click();
  await page.getByRole('button', { name: 'Hide the logs panel' }).click();
  const full = await box(page, '.area-canvas');
  expect(full.width).toBeGreaterThan(1440 - 60);
  expect(full.height).toBeGreaterThan(900 - 100);
  await shot(page, 'panels-collapsed');
});
