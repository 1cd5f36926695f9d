/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { api, openApp, projectDir, shot } from './helpers';

// The run panel's own project (nested parameters, an env, a versioned dataset, four parallel
// sleeps, a chain, a missing input), copied beside the others.
test.beforeAll(() => {
  const dir = projectDir('run-panel');
  if (!existsSync(dir))
    cpSync(resolve(__dirname, '..', 'fixtures', 'e2e-projects', 'run-panel'), dir, { recursive: true });
});

const MARK = '# Declared by the test:';

interface Recorded {
  status: string;
  env: string;
  request: Record<string, unknown>;
  nodes: Array<{ name: string; status: string }>;
}

async function lastRun(page: Page): Promise<Recorded> {
  const [latest] = await api<Array<{ runId: string }>>(page, 'runs.list', { limit: 1 });
  return api<Recorded>(page, 'runs.get', { runId: latest.runId });
}

async function latestId(page: Page): Promise<string | undefined> {
  const [latest] = await api<Array<{ runId: string }>>(page, 'runs.list', { limit: 1 });
  return latest?.runId;
}

/** Starts a run with `start`, then waits until that run (not the one before) succeeded. */
async function ranOk(page: Page, nodes: number, start: () => Promise<void>): Promise<Recorded> {
  const before = await latestId(page);
  await start();
  await expect.poll(() => latestId(page), { timeout: 30_000 }).not.toBe(before);
  await expect.poll(async () => (await lastRun(page)).status, { timeout: 60_000 }).toBe('success');
  await expect(page.getByTestId('progress')).toHaveText(`${nodes} of ${nodes} nodes`);
  await expect(page.locator('.run-status .badge')).toHaveText('success');
  return lastRun(page);
}

async function runAndWait(page: Page, nodes: number): Promise<Recorded> {
  return ranOk(page, nodes, () => page.getByRole('button', { name: 'Run', exact: true }).click());
}

test('two workers, four 0.9 s nodes: queued shows live, then one lane per worker with four bars, live and in History', async ({
  page,
}) => {
  await openApp(page, 'run-panel', 'four');
  await page.getByLabel('Runner', { exact: true }).selectOption('ThreadRunner');
  await page.getByLabel('Max workers', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Two run while two wait for a worker: queued is its own state, not running.
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.pw-fn.st-running').length === 2 &&
      [...document.querySelectorAll('.pw-fn.st-queued')].filter((e) => e.textContent?.includes('queued')).length === 2,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  await shot(page, 'run-panel-queued');
  await expect(page.getByTestId('progress')).toHaveText('4 of 4 nodes', { timeout: 60_000 });

  await page.getByRole('tab', { name: 'Timeline' }).click();
  const live = page.getByRole('region', { name: 'Run timeline' });
  await expect(live.locator('.gl-lane')).toHaveCount(2);
  // One bar per node, never two at once on one worker (which worker takes which node is the
  // pool's choice: usually two each, three and one when one worker answers late).
  await expect(live.locator('.gl-bar')).toHaveCount(4);
  for (const lane of await live.locator('.gl-lane').all()) {
    await expect(lane).toHaveAttribute('data-worker', /^thread-\d+$/);
    await expect(lane.locator('.gl-row')).toHaveCount(1);
  }
  // wait_3 and wait_4 waited for a worker at least as long as a node ran (the first two may have
  // waited too, for a cold worker to start).
  await expect(live.locator('.gl-wait').nth(1)).toBeAttached();
  const waits = await live.locator('.gl-wait').count();
  await expect(live.locator('.gl-bar[data-node="wait_3"]')).toHaveAttribute('aria-label', /queued \d/);
  await shot(page, 'run-panel-timeline-live');

  await page.getByRole('tab', { name: 'History' }).click();
  const [latest] = await api<Array<{ runId: string }>>(page, 'runs.list', { limit: 1 });
  await page.getByRole('button', { name: `Open run ${latest.runId}` }).click();
  const past = page.getByRole('table', { name: 'Node timeline' });
  await expect(past.locator('.gl-lane')).toHaveCount(2);
  await expect(past.locator('.gl-bar')).toHaveCount(4);
  await expect(past.locator('.gl-wait')).toHaveCount(waits);
  await shot(page, 'run-panel-timeline-history');
});

test('the parameters form, env and load versions are sent with the run and recorded', async ({ page }) => {
  await openApp(page, 'run-panel', 'params');
  await page.getByText('Parameters', { exact: true }).click();
  await page.getByLabel('Parameter model.alpha', { exact: true }).fill('0.9');
  await page.getByLabel('Parameter model.alpha', { exact: true }).press('Enter');
  await page.getByLabel('Parameter model.options.verbose', { exact: true }).check();
  const layers = page.getByLabel('Parameter model.layers', { exact: true });
  await layers.fill('[1, 2');
  await layers.blur();
  await expect(page.getByRole('alert').filter({ hasText: 'model.layers must be JSON' })).toBeVisible();
  await layers.fill('[1, 2, 3]');
  await layers.blur();
  await page.getByLabel('Parameter label', { exact: true }).fill('hello');
  await page.getByLabel('Parameter label', { exact: true }).blur();
  await expect(page.locator('.params-form .badge')).toHaveText('4 changed');

  await page.getByText('Load versions', { exact: true }).click();
  const version = page.getByLabel('Load version of scores', { exact: true });
  await expect(version.locator('option')).toHaveText([
    'latest',
    '2026-02-01T00.00.00.000Z',
    '2026-01-01T00.00.00.000Z',
  ]);
  await version.selectOption('2026-01-01T00.00.00.000Z');
  await shot(page, 'run-panel-form');
  const recorded = await runAndWait(page, 2);

  const data = (f: string) => JSON.parse(readFileSync(join(projectDir('run-panel'), 'data', f), 'utf8'));
  expect(data('echo.json')).toEqual({
    model: { alpha: 0.9, layers: [1, 2, 3], options: { verbose: true } },
    label: 'hello',
  });
  expect(data('seen_scores.json')).toEqual([1, 2, 3]);
  expect(recorded.request).toMatchObject({
    pipeline: 'params',
    params: { model: { alpha: 0.9, options: { verbose: true }, layers: [1, 2, 3] }, label: 'hello' },
    loadVersions: { scores: '2026-01-01T00.00.00.000Z' },
  });

  // Another env: its parameters show in the form, and the run uses and records it.
  await page.getByLabel('Env', { exact: true }).selectOption('staging');
  await expect(page.getByLabel('Parameter label', { exact: true })).toHaveValue('staging');
  await expect(page.locator('.params-form .badge')).toHaveCount(0);
  const staged = await runAndWait(page, 2);
  expect(data('echo.json').label).toBe('staging');
  expect(data('seen_scores.json')).toEqual([7, 8, 9]); // latest version again
  expect(staged.env).toBe('staging');
  await page.getByLabel('Env', { exact: true }).selectOption('local');
});

test('Run this node, Run to here, Run from here: from the context menu and the keys', async ({ page }) => {
  await openApp(page, 'run-panel', 'chain');
  await runAndWait(page, 3);
  const b = page.locator('.vue-flow__node[data-id="fn:chain_b"]');
  const menu = page.getByRole('menu', { name: 'Run chain_b' });

  const one = await ranOk(page, 1, async () => {
    await b.click({ button: 'right' });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem')).toHaveText([/Run this node/, /Run to here/, /Run from here/]);
    await shot(page, 'run-panel-node-menu');
    await menu.getByRole('menuitem', { name: /Run this node/ }).click();
    await expect(menu).toBeHidden();
  });
  expect(one.request).toMatchObject({ nodes: ['chain_b'] });
  expect(one.nodes.map((n) => n.name)).toEqual(['chain_b']);

  await b.click();
  const to = await ranOk(page, 2, () => page.keyboard.press('Shift+T'));
  expect(to.request).toMatchObject({ toNodes: ['chain_b'] });
  expect(to.nodes.map((n) => n.name)).toEqual(['chain_a', 'chain_b']);

  const from = await ranOk(page, 2, () => page.keyboard.press('Shift+F'));
  expect(from.request).toMatchObject({ fromNodes: ['chain_b'] });
  expect(from.nodes.map((n) => n.name)).toEqual(['chain_b', 'chain_c']);

  // The keyboard opens the menu too; Escape closes it.
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /Run this node/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});

test('a run that could not start for a missing input: its toast clears once the input is there and a run starts', async ({
  page,
}) => {
  const catalog = join(projectDir('run-panel'), 'conf', 'base', 'catalog.yml');
  const declared = readFileSync(catalog, 'utf8').split(MARK)[0];
  writeFileSync(catalog, declared);
  await openApp(page, 'run-panel', 'needs_input');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const notes = page.getByRole('region', { name: 'Notifications' });
  const toast = notes.getByText('Could not start the run');
  await expect(toast).toBeVisible();
  await expect(notes).toContainText('raw_input');
  await shot(page, 'run-panel-start-error');

  writeFileSync(catalog, `${declared}${MARK}\nraw_input:\n  type: JSONDataset\n  filepath: data/input.json\n`);
  writeFileSync(join(projectDir('run-panel'), 'data', 'input.json'), JSON.stringify({ fixed: true }));
  await runAndWait(page, 1);
  await expect(toast).toBeHidden();
  writeFileSync(catalog, declared);
});

test('a cancelled run is headed Cancelled on the Graph tab and resumes from there', async ({ page }) => {
  await openApp(page, 'slow-flaky', 'slow');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.vue-flow__node[data-id="fn:step_2"] .pw-fn')).toHaveClass(/st-(running|done)/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const card = page.getByRole('status', { name: 'Run cancelled' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.locator('h3')).toHaveText('⊘ Cancelled');
  await expect(page.getByRole('alert', { name: 'Run failure' })).toHaveCount(0);
  await shot(page, 'run-panel-cancelled');
  await card.getByRole('button', { name: /Resume from here/ }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 60_000 });
  await expect(page.locator('.vue-flow__node[data-id="fn:step_12"] .pw-fn')).toHaveClass(/st-done/);
  const resumed = await lastRun(page);
  expect(resumed.status).toBe('success');

  // In History, the cancelled run is headed Cancelled too.
  await page.getByRole('tab', { name: 'History' }).click();
  const [, cancelled] = await api<Array<{ runId: string; status: string }>>(page, 'runs.list', { limit: 2 });
  expect(cancelled.status).toBe('cancelled');
  await page.getByRole('button', { name: `Open run ${cancelled.runId}` }).click();
  await expect(page.getByRole('status', { name: 'Run cancelled' }).locator('h3')).toHaveText('⊘ Cancelled');
});

test('long log lines wrap instead of being cut', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 800 });
  await openApp(page, 'run-panel', 'params');
  await runAndWait(page, 2);
  const lines = page.getByRole('log').locator('.log-line');
  await expect(lines.first()).toBeVisible();
  const cut = await lines.evaluateAll(
    (els) =>
      els.filter((el) => {
        const msg = el.querySelector('.msg') as HTMLElement;
        return (
          msg.scrollWidth > msg.clientWidth + 1 ||
          el.getBoundingClientRect().right > el.parentElement!.getBoundingClientRect().right + 1
        );
      }).length,
  );
  expect(cut).toBe(0);
  const wrapped = await lines.evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().height > 24).length);
  expect(wrapped).toBeGreaterThan(0);
  await shot(page, 'run-panel-logs-wrap');
});
