import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';
import { writeProject, type FixtureNode } from './graph-projects';

// The log follows a run's newest line, even when the page is too slow to draw every frame (a busy
// machine: Chromium's CPU throttling stands in for one), and stops following once the user scrolls up.

function chainOf(count: number): FixtureNode[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `step_${i + 1}`,
    inputs: [i === 0 ? 'params:rate' : `out_${i}`],
    outputs: [`out_${i + 1}`],
  }));
}

/** Where the last line is: its index and whether it is inside the log's visible box. */
function lastLine(page: Page): Promise<{ count: number; shown: boolean }> {
  return page.getByRole('log').evaluate((el) => {
    const rows = [...el.querySelectorAll<HTMLElement>('.log-line')];
    const count = Number(el.closest('section')!.querySelector('.row .muted')!.textContent!.split(' ')[0]);
    const last = rows.find((r) => Number(r.dataset.index) === count - 1);
    if (!last) return { count, shown: false };
    const box = el.getBoundingClientRect();
    const row = last.getBoundingClientRect();
    return { count, shown: row.top >= box.top - 1 && row.bottom <= box.bottom + 1 };
  });
}

test('the log keeps following a long run on a slow page', async ({ page }) => {
  writeProject('log-follow', chainOf(600));
  await openApp(page, 'log-follow');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 });
  try {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('progress')).toHaveText('600 of 600 nodes', { timeout: 80_000 });
    await expect(page.locator('.run-status .badge')).toHaveText('success');
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  await expect(page.getByRole('log')).toContainText('Completed 600 out of 600 tasks');
  await expect.poll(() => lastLine(page)).toMatchObject({ shown: true });
  expect((await lastLine(page)).count).toBeGreaterThan(600);
});

test('scrolling the log up during a run stops it following', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'slow');
  const log = page.getByRole('log');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => (await lastLine(page)).count).toBeGreaterThan(15);
  await log.hover();
  await page.mouse.wheel(0, -200);
  const atWheel = (await lastLine(page)).count;
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 60_000 });
  const after = await lastLine(page);
  expect(after.count).toBeGreaterThan(atWheel + 10); // lines kept coming after the wheel
  expect(after.shown).toBe(false);
});
