/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import type { PipelineGraph } from '../../src-shared/contract';
import { chain, writeProject } from './graph-projects';
import { api, openApp, shot } from './helpers';

const focusedId = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('.vue-flow__node')?.getAttribute('data-id') ?? null);

test('the graph is one tab stop; arrows move between nodes; Enter and Space select and open details', async ({
  page,
}) => {
  await openApp(page, 'variance');
  const graph = await api<PipelineGraph>(page, 'pipelines.graph', { pipeline: '__default__' });
  const len = graph.nodes.find((n) => n.kind === 'function' && n.outputs?.includes('n'))!;
  // One node box in the tab order, whatever the graph's size.
  await expect(page.locator('.vue-flow__node [tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('.vue-flow__node[tabindex]')).toHaveCount(0);
  await page.getByLabel('Search nodes').focus();
  let id: string | null = null;
  for (let i = 0; i < 20 && !id; i++) {
    await page.keyboard.press('Tab');
    id = await focusedId(page);
  }
  // The first stop is the graph's top node: the raw input xs.
  expect(id).toBe('ds:xs');
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBeNull();
  await page.keyboard.press('Shift+Tab');
  expect(await focusedId(page)).toBe('ds:xs');

  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedId(page)).toBe(len.id);
  await expect(page.locator('.vue-flow__node [tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedId(page)).toBe('ds:n');
  await page.keyboard.press('ArrowUp');
  const fn = await focusedId(page);
  expect(fn).toBe(len.id);

  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: `Details of ${len.name}` })).toBeVisible();
  await expect(page.locator(`.vue-flow__node[data-id="${fn}"] .pw-node`)).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'graph-keyboard-enter');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const next = await focusedId(page);
  expect(next).toMatch(/^fn:/);
  expect(next).not.toBe(fn);
  await page.keyboard.press(' ');
  await expect(page.locator(`.vue-flow__node[data-id="${next}"] .pw-node`)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator(`.vue-flow__node[data-id="${fn}"] .pw-node`)).toHaveAttribute('aria-pressed', 'false');
});

test('on a big graph (only the nodes near the view mounted) the tab stop is a node in view', async ({ page }) => {
  writeProject('long-chain', chain(150));
  await openApp(page, 'long-chain');
  const stop = page.locator('.vue-flow__node [tabindex="0"]');
  await expect(stop).toHaveCount(1);
  await expect(stop).toBeInViewport();
  await stop.focus();
  const first = await focusedId(page);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedId(page)).not.toBe(first);
  await expect(page.locator('.vue-flow__node [tabindex="0"]')).toHaveCount(1);
});
