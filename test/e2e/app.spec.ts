import { expect, test } from '@playwright/test';
import type { PipelineGraph } from '../../src-shared/contract';
import { api, openApp, serverUrl, shot } from './helpers';

test('the token is required for the API and the event stream', async ({ page, request }) => {
  const origin = serverUrl().origin;
  const without = await request.post(`${origin}/api/app.info`, { data: {} });
  expect(without.status()).toBe(401);
  expect((await without.json()).ok).toBe(false);
  const wrong = await request.post(`${origin}/api/app.info`, { data: {}, headers: { 'x-pipewright-token': 'nope' } });
  expect(wrong.status()).toBe(401);
  expect((await api<{ host: string }>(page, 'app.info')).host).toBe('serve');

  await page.goto(`${origin}/favicon.ico`);
  const events = await page.evaluate(async (u) => (await fetch(u)).status, `${origin}/api/events`);
  expect(events).toBe(401);
});

test('the page is refused without the token and says so', async ({ page }) => {
  await page.goto(`${serverUrl().origin}/`);
  await expect(page.getByRole('status').filter({ hasText: /token/i }).first()).toBeVisible();
});

for (const project of ['variance', 'spaceflights']) {
  test(`opens ${project} and draws every node of the graph`, async ({ page }) => {
    await openApp(page, project);
    const graph = await api<PipelineGraph>(page, 'pipelines.graph', { pipeline: '__default__' });
    await expect(page.locator('.vue-flow__node')).toHaveCount(graph.nodes.length);
    for (const n of graph.nodes) await expect(page.locator(`.vue-flow__node[data-id="${n.id}"]`)).toBeVisible();
    for (const name of ['Pipeline', 'Runner', 'Async', 'Max workers', 'Run', 'Cancel']) {
      await expect(
        page
          .getByLabel(name, { exact: true })
          .or(page.getByRole('button', { name, exact: true }))
          .first(),
      ).toBeVisible();
    }
    await shot(page, `graph-${project}`);
  });
}

test('search focuses a node and selection lights its lineage', async ({ page }) => {
  await openApp(page, 'spaceflights');
  await page.keyboard.press('Control+k');
  await expect(page.getByLabel('Search nodes')).toBeFocused();
  await page.keyboard.type('companies');
  await expect(page.getByRole('listbox', { name: 'Matching nodes' }).getByRole('option').first()).toContainText(
    'companies',
  );
  await page.keyboard.press('Enter');
  await expect(page.locator('.pw-node.em-sel')).toHaveCount(1);
  await expect(page.locator('.pw-node.em-dim').first()).toBeAttached();
  await shot(page, 'lineage-spaceflights');
  await page.keyboard.press('Escape');
  await expect(page.locator('.pw-node.em-dim')).toHaveCount(0);
});
