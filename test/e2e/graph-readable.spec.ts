/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from './helpers';
import { chain, writeProject } from './graph-projects';

interface Seen {
  zoom: number;
  labels: Array<{ text: string; px: number; cut: boolean }>;
  minimap: boolean;
  underMinimap: string[];
}

/** What the opening view shows: the canvas's zoom and, for each label inside the pane, its on-screen font size. */
async function seen(page: Page): Promise<Seen> {
  // The opening view is set once the graph is drawn; give vue-flow its frame to apply it.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  return page.evaluate(() => {
    const pane = document.querySelector('.vue-flow')!.getBoundingClientRect();
    const tp = document.querySelector('.vue-flow__transformationpane') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(tp).transform).a;
    const inside = (r: DOMRect) =>
      r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom && r.width > 0;
    const labels = [...document.querySelectorAll<HTMLElement>('.vue-flow__node .pw-label')]
      .filter((l) => inside(l.getBoundingClientRect()))
      .map((l) => ({
        text: l.textContent ?? '',
        px: parseFloat(getComputedStyle(l).fontSize) * zoom,
        cut: l.scrollWidth > l.clientWidth,
      }));
    const map = document.querySelector('.pw-minimap')?.getBoundingClientRect();
    const underMinimap = map
      ? [...document.querySelectorAll<HTMLElement>('.vue-flow__node')]
          .filter((n) => {
            const r = n.getBoundingClientRect();
            return r.right > map.left && r.left < map.right && r.bottom > map.top && r.top < map.bottom;
          })
          .map((n) => n.dataset.id ?? '')
      : [];
    return { zoom, labels, minimap: !!map, underMinimap };
  });
}

function expectReadable(s: Seen, atLeast: number): void {
  expect(s.labels.length).toBeGreaterThanOrEqual(atLeast);
  for (const l of s.labels) {
    expect(l.px, `label ${l.text} on screen`).toBeGreaterThanOrEqual(11);
    expect(l.cut, `label ${l.text} cut`).toBe(false);
  }
  expect(s.underMinimap).toEqual([]);
}

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test(`spaceflights opens readable at ${width}×${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, 'spaceflights');
    const s = await seen(page);
    expectReadable(s, 6);
    await shot(page, `graph-readable-spaceflights-${width}`);
  });
}

test('a 7-function pipeline opens readable at 1280×720, and its labels stay when zoomed out', async ({ page }) => {
  writeProject('seven', chain(7));
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, 'seven');
  const s = await seen(page);
  expectReadable(s, 4);
  await shot(page, 'graph-readable-seven');
  // Fit shows it whole, far below the old level-of-detail zoom: the labels are still drawn.
  await page.getByRole('button', { name: 'Fit view' }).first().click();
  await page.waitForTimeout(400);
  const fitted = await seen(page);
  expect(fitted.labels.map((l) => l.text)).toContain('step_7');
});

test('a 150-node pipeline opens on its first rows at a readable zoom, the minimap clear of them', async ({ page }) => {
  writeProject('sixty', chain(60));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, 'sixty');
  const s = await seen(page);
  expect(s.zoom).toBeGreaterThanOrEqual(11 / 13 - 0.001);
  expectReadable(s, 4);
  expect(s.labels.map((l) => l.text)).toContain('step_1');
  // The minimap is off on a graph this size; asked for, it shows and the view keeps clear of it after Fit.
  expect(s.minimap).toBe(false);
  await page.getByRole('button', { name: 'Minimap' }).click();
  await expect(page.locator('.pw-minimap')).toBeVisible();
  await shot(page, 'graph-readable-sixty');
});
