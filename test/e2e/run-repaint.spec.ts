import { expect, test, type Page } from '@playwright/test';
import { api, openApp, shot } from './helpers';
import { writeProject, type FixtureNode } from './graph-projects';

// During a run the page repaints its log, node states and timeline a few times a second, folding
// the events that arrive in between: none is lost, and the run's end is shown whole.

const COUNT = 400;

function chainOf(count: number): FixtureNode[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `link_${i + 1}`,
    inputs: [i === 0 ? 'params:rate' : `out_${i}`],
    outputs: [`out_${i + 1}`],
  }));
}

interface Recorded {
  runId: string;
  status: string;
  logs: Array<{ message: string; node?: string }>;
}

async function lastRun(page: Page): Promise<Recorded> {
  const [latest] = await api<Array<{ runId: string }>>(page, 'runs.list', { limit: 1 });
  return api<Recorded>(page, 'runs.get', { runId: latest.runId });
}

test('a long run: every node ends done on the live timeline, every log line arrives, success is shown', async ({
  page,
}) => {
  writeProject('repaint-chain', chainOf(COUNT));
  await openApp(page, 'repaint-chain');
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The run may end before the page is looked at (a fast machine): only its end is asserted.
  await expect(page.locator('.run-status .badge')).toHaveText(/running|success/);
  await shot(page, 'run-repaint-during');
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveText(`${COUNT} of ${COUNT} nodes`);

  // Every node's bar, each once, done.
  const bars = page.locator('.live-timeline .gl-bar');
  await expect(bars).toHaveCount(COUNT);
  const done = await page
    .locator('.live-timeline .gl-bar.st-done')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.node));
  expect(new Set(done)).toEqual(new Set(chainOf(COUNT).map((n) => n.name)));
  await shot(page, 'run-repaint-timeline');

  // Every log line the history recorded, in the log panel.
  const recorded = await lastRun(page);
  expect(recorded.status).toBe('success');
  await page.getByRole('tab', { name: 'Logs' }).click();
  const panel = page.getByRole('region', { name: 'Logs' });
  await expect(panel.locator('.row .muted')).toHaveText(`${recorded.logs.length} lines`);
  await expect(page.getByRole('log')).toContainText(`Completed ${COUNT} out of ${COUNT} tasks`);
  // A node's own lines, found with the filter (no other node's name contains these), are the history's.
  for (const name of [`link_${COUNT / 2}`, `link_${COUNT}`]) {
    await page.getByLabel('Filter logs').fill(name);
    const want = recorded.logs.filter((l) => l.node === name || l.message.includes(name)).map((l) => l.message);
    expect(want.length).toBeGreaterThan(1);
    await expect(page.getByRole('log').locator('.log-line .msg')).toHaveText(want);
  }
  await page.getByLabel('Filter logs').fill('');
  await shot(page, 'run-repaint-logs');
});
