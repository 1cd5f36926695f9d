import { expect, test } from '@playwright/test';
import { byLabel, canvasNodes, dragBy, openInEditor, overlappingOnScreen } from './editor-helpers';
import { openApp, shot } from './helpers';

test("opens spaceflights' data_science laid out top to bottom with no overlapping nodes; Tidy up is undoable", async ({
  page,
}) => {
  await openApp(page, 'spaceflights');
  await openInEditor(page, 'data_science', 21);
  expect(await overlappingOnScreen(page)).toEqual([]);
  // Top to bottom, as in the graph view: the input above both split nodes, their outputs below.
  const input = (await byLabel(page, 'Dataset node model_input_table').boundingBox())!;
  for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
    const split = (await byLabel(page, `Function node ${ns}.split_data_node`).boundingBox())!;
    const xTrain = (await byLabel(page, `Dataset node ${ns}.X_train`).boundingBox())!;
    expect(input.y + input.height).toBeLessThan(split.y);
    expect(split.y + split.height).toBeLessThan(xTrain.y);
  }
  await shot(page, 'editor-layout-data-science');

  // Dropped on another node, then tidied: apart again, in one undo step.
  const metrics = byLabel(page, 'Dataset node active_modelling_pipeline.metrics');
  const regressor = (await byLabel(page, 'Dataset node active_modelling_pipeline.regressor').boundingBox())!;
  const m = (await metrics.boundingBox())!;
  const home = { x: m.x, y: m.y };
  await dragBy(page, metrics, regressor.x - m.x + 10, regressor.y - m.y + 6);
  expect((await overlappingOnScreen(page)).length).toBeGreaterThan(0);
  await shot(page, 'editor-layout-messy');
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute(
    'title',
    'Undo: Tidy up (Ctrl+Z)',
  );
  await expect.poll(() => overlappingOnScreen(page)).toEqual([]);
  await shot(page, 'editor-layout-tidied');
  // Back where the layout put it, relative to its neighbour (Tidy up fits the view again, so compare at scale).
  const tidied = (await metrics.boundingBox())!;
  const reg = (await byLabel(page, 'Dataset node active_modelling_pipeline.regressor').boundingBox())!;
  const scale = reg.height / regressor.height;
  expect(Math.abs((tidied.x - reg.x) / scale - (home.x - regressor.x))).toBeLessThan(2);
  expect(Math.abs((tidied.y - reg.y) / scale - (home.y - regressor.y))).toBeLessThan(2);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await overlappingOnScreen(page)).length).toBeGreaterThan(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => overlappingOnScreen(page)).toEqual([]);
});

test('nodes added from the keyboard are placed apart, never on another node', async ({ page }) => {
  await openApp(page, 'spaceflights');
  await openInEditor(page, 'data_science', 21);
  const add = byLabel(page, 'Add function splitData');
  await add.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
  await byLabel(page, 'Add parameter parameters').focus();
  await page.keyboard.press('Enter');
  await expect(canvasNodes(page)).toHaveCount(26);
  await expect(byLabel(page, 'Function node splitData_4')).toBeVisible();
  expect(await overlappingOnScreen(page)).toEqual([]);
  await shot(page, 'editor-layout-keyboard-added');
});
