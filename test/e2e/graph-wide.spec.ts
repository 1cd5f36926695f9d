import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';
import { writeProject } from './graph-projects';

test('a wide pipeline keeps each output under its producer, in natural order', async ({ page }) => {
  const names = Array.from({ length: 12 }, (_, i) => `wide_${i + 1}`).sort();
  writeProject(
    'wide',
    names.map((w) => ({ name: w, inputs: ['params:rate'], outputs: [`${w}_out`] })),
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, 'wide');
  await page.getByRole('button', { name: 'Fit view' }).first().click();
  await page.waitForTimeout(400);
  const centre = async (id: string) => {
    const b = (await page.locator(`.vue-flow__node[data-id="${id}"]`).boundingBox())!;
    return { x: b.x + b.width / 2, y: b.y, w: b.width };
  };
  const xs: number[] = [];
  for (let i = 1; i <= 12; i++) {
    const fn = await centre(`fn:wide_${i}`);
    const out = await centre(`ds:wide_${i}_out`);
    expect(out.y).toBeGreaterThan(fn.y);
    expect(Math.abs(out.x - fn.x)).toBeLessThan(fn.w / 2);
    xs.push(fn.x);
  }
  expect(xs).toEqual([...xs].sort((a, b) => a - b));
  await shot(page, 'graph-wide');
});
