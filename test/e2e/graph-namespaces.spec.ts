/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';
import { chain, writeProject } from './graph-projects';

const node = (page: import('@playwright/test').Page, id: string) => page.locator(`.vue-flow__node[data-id="${id}"]`);

test('namespaces are labelled groups that collapse to one box and expand on click', async ({ page }) => {
  await openApp(page, 'spaceflights');
  const active = 'active_modelling_pipeline';
  await page.getByRole('button', { name: 'Fit view' }).first().click();
  await expect(page.locator(`.pw-group[data-namespace="${active}"]`)).toBeVisible();
  // The two split_data_node boxes differ: each shows its namespace.
  const a = node(page, `fn:${active}.split_data_node`);
  const c = node(page, 'fn:candidate_modelling_pipeline.split_data_node');
  await expect(a.locator('.pw-label')).toHaveText('split_data_node');
  await expect(a.locator('.pw-ns')).toHaveText(active);
  await expect(c.locator('.pw-ns')).toHaveText('candidate_modelling_pipeline');
  expect(await a.innerText()).not.toBe(await c.innerText());
  await shot(page, 'graph-namespaces-expanded');

  await page.getByRole('button', { name: `Collapse namespace ${active}` }).click();
  const box = node(page, `ns:${active}`);
  await expect(box).toBeVisible();
  await expect(box).toContainText('nodes');
  await expect(a).toHaveCount(0);
  await expect(page.locator(`.pw-group[data-namespace="${active}"]`)).toHaveCount(0);
  // Edges still reach the box: model_input_table feeds it.
  await expect(page.locator(`.vue-flow__edge[data-id="ds:model_input_table->ns:${active}"]`)).toBeAttached();
  await shot(page, 'graph-namespaces-collapsed');

  // Search finds a node inside the collapsed namespace: it expands to show it.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('active_modelling_pipeline.train');
  await page.keyboard.press('Enter');
  await expect(node(page, `fn:${active}.train_model_node`)).toBeVisible();
  await expect(box).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit view' }).first().click();
  await page.getByRole('button', { name: `Collapse namespace ${active}` }).click();
  await expect(box).toBeVisible();
  await page.getByRole('button', { name: 'Fit view' }).first().click();

  await box.click();
  await expect(a).toBeVisible();
  await expect(box).toHaveCount(0);
  // Details give the full name.
  await page.getByRole('button', { name: 'Fit view' }).first().click();
  await a.click();
  await expect(page.getByRole('region', { name: `Details of ${active}.split_data_node` })).toBeVisible();
  await expect(page.getByRole('heading', { name: `${active}.split_data_node` })).toBeVisible();
});

test('dataset types are icons named on hover, and Kedro layers are bands', async ({ page }) => {
  const catalog = [
    ['raw_1', 'raw'],
    ['raw_3', 'raw'],
    ['out_2', 'intermediate'],
    ['out_4', 'primary'],
  ]
    .map(
      ([name, layer]) =>
        `${name}:\n  type: JSONDataset\n  filepath: data/${name}.json\n  metadata:\n    kedro-viz:\n      layer: ${layer}\n`,
    )
    .join('\n');
  writeProject('layered', chain(4), catalog);
  await openApp(page, 'layered');
  const icon = node(page, 'ds:raw_1').locator('.pw-type-icon');
  await expect(icon).toHaveAttribute('title', 'JSONDataset');
  await expect(icon).toHaveAccessibleName('JSONDataset');
  await expect(node(page, 'ds:out_1').locator('.pw-type-icon')).toHaveAttribute('title', 'MemoryDataset');
  // No type text is cut: the box shows the icon and the label only.
  await expect(node(page, 'ds:raw_1')).toHaveText(/^\S+\s*raw_1$/);
  await expect(page.locator('.pw-band-label')).toHaveText(['raw', 'intermediate', 'primary']);
  // Each band spans its datasets.
  for (const [name, layer] of [
    ['raw_1', 'raw'],
    ['out_4', 'primary'],
  ]) {
    const band = await page.locator('.pw-band', { hasText: layer }).boundingBox();
    const box = await node(page, `ds:${name}`).boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(band!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(band!.y + band!.height + 1);
  }
  // Bands do not overlap: every dataset of a layer is above every dataset of the next (raw_3, read
  // only by step_3, sits up with raw_1 rather than beside out_2).
  const bands = await page.locator('.pw-band').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    }),
  );
  for (let i = 1; i < bands.length; i++) expect(bands[i].top).toBeGreaterThanOrEqual(bands[i - 1].bottom - 1);
  await icon.hover();
  await shot(page, 'graph-layers');
});
