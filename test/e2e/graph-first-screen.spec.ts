import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { api, projectDir, serverUrl, shot } from './helpers';

test("the graph's first screen: its code asked for by the page itself, one graph request, the graph before the panels", async ({
  page,
}) => {
  // The scripts the built page names (its entry and the preloads beside it).
  const html = readFileSync(join(__dirname, '..', '..', 'out', 'renderer', 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!.split('/').pop()!);
  const scripts: string[] = [];
  const graphRequests: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('.js')) scripts.push(url.pathname.split('/').pop()!);
    if (url.pathname === '/api/pipelines.graph') graphRequests.push(r.postData() ?? '');
  });
  // What the page shows on its way, as it happens: the welcome page, and when the run panel appears.
  await page.addInitScript(() => {
    const seen: { welcome?: number; runPanel?: number } = {};
    Object.assign(window, { __pwSeen: seen });
    new MutationObserver(() => {
      if (document.querySelector('.welcome')) seen.welcome ??= performance.now();
      if (document.getElementById('panel-run')) seen.runPanel ??= performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await api(page, 'project.open', { root: projectDir('spaceflights') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(serverUrl().toString());
  await page.waitForFunction(() => (window as unknown as { __pwGraphReadyAt?: number }).__pwGraphReadyAt !== undefined);
  await expect(page.locator('#panel-run')).toBeVisible();
  await expect(page.locator('#panel-side')).toBeVisible();
  await expect(page.locator('#panel-logs')).toBeVisible();

  // Every script loaded until the graph is drawn was named by the page's HTML: no lazy chunk on the way.
  expect(named.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => !named.includes(s))).toEqual([]);
  // The graph is asked for once, by the page's early request, which the app's store takes.
  expect(graphRequests).toEqual([JSON.stringify({ pipeline: '__default__' })]);
  // The welcome page never flashes on the way to an open project, and the panels come after the graph.
  const { seen, drawnAt } = await page.evaluate(() => {
    const w = window as unknown as { __pwSeen: { welcome?: number; runPanel?: number }; __pwGraphReadyAt: number };
    return { seen: w.__pwSeen, drawnAt: w.__pwGraphReadyAt };
  });
  expect(seen.welcome).toBeUndefined();
  expect(seen.runPanel).toBeGreaterThanOrEqual(drawnAt);
  await shot(page, 'graph-first-screen-spaceflights-1280');
});
