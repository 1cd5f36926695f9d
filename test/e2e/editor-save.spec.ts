import { expect, test } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { api, openApp, projectDir, shot } from './helpers';
import { byLabel, editorMessage, openInEditor, overlappingOnScreen } from './editor-helpers';

const FILE = join(projectDir('spaceflights'), 'pipelines', 'ds_edit.json');

// The other specs see spaceflights as it ships.
test.afterAll(() => rmSync(FILE, { force: true }));

test('a laid-out copy of data_science saves every keyword output and every position, and reopens as saved', async ({
  page,
}) => {
  await openApp(page, 'spaceflights');
  await openInEditor(page, 'data_science', 21);
  const name = page.getByLabel('Pipeline name');
  await name.fill('ds_edit');
  await name.press('Enter');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await expect(editorMessage(page)).toContainText('Saved pipelines/ds_edit.json');

  const file = JSON.parse(readFileSync(FILE, 'utf8')) as {
    nodes: Array<{ name: string; inputs: unknown; outputs: unknown; position: { x: number; y: number } }>;
  };
  expect(file.nodes).toHaveLength(6);
  for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
    const split = file.nodes.find((n) => n.name === `${ns}.split_data_node`)!;
    expect(split.inputs).toEqual(['model_input_table', `params:${ns}.model_options`]);
    expect(split.outputs).toEqual({
      X_train: `${ns}.X_train`,
      X_test: `${ns}.X_test`,
      y_train: `${ns}.y_train`,
      y_test: `${ns}.y_test`,
    });
    const evaluate = file.nodes.find((n) => n.name === `${ns}.evaluate_model_node`)!;
    expect(evaluate.inputs).toEqual([`${ns}.regressor`, `${ns}.X_test`, `${ns}.y_test`]);
  }
  const saved = Object.fromEntries(file.nodes.map((n) => [n.name, n.position]));
  expect(Object.values(saved).every((p) => Number.isInteger(p.x) && Number.isInteger(p.y))).toBe(true);

  // Reopened: the file's positions, its datasets placed around them, nothing overlapping.
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await openInEditor(page, 'ds_edit', 21);
  await expect(editorMessage(page)).toContainText('Editing pipelines/ds_edit.json');
  expect(await overlappingOnScreen(page)).toEqual([]);
  const graph = await api<{ nodes: Array<{ name: string; position?: { x: number; y: number } }> }>(
    page,
    'pipelines.graph',
    { pipeline: 'ds_edit' },
  );
  for (const n of graph.nodes) if (saved[n.name]) expect(n.position).toEqual(saved[n.name]);
  // Screen distance between two saved functions matches the file's, at the view's zoom: both boxes
  // read in one frame (the view may still be moving to fit the reopened pipeline).
  const dy =
    saved['active_modelling_pipeline.evaluate_model_node'].y - saved['active_modelling_pipeline.split_data_node'].y;
  const drawnDy = () =>
    byLabel(page, 'Function node active_modelling_pipeline.split_data_node').evaluate((a) => {
      const b = document.querySelector('[aria-label="Function node active_modelling_pipeline.evaluate_model_node"]')!;
      const ra = a.getBoundingClientRect();
      return (b.getBoundingClientRect().y - ra.y) / (ra.height / 66);
    });
  await expect.poll(async () => Math.abs((await drawnDy()) - dy)).toBeLessThan(3);
  await shot(page, 'editor-saved-reopened');
});
