import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, projectDir, shot } from './helpers';

// A copy of examples/variance of its own (global-setup.ts), so the pipeline saved here is not seen
// by the other specs.
const PROJECT = 'editor-variance';

const byLabel = (page: Page, label: string): Locator => page.locator(`[aria-label="${label}"]`);
const edges = (page: Page): Locator => page.locator('.ed-canvas .vue-flow__edge');
const message = (page: Page): Locator => page.getByTestId('editor-message');

/** Drags a palette item onto the canvas at (x, y) from the canvas's top-left corner (HTML5 drag and drop). */
async function drop(page: Page, item: string, x: number, y: number): Promise<void> {
  await byLabel(page, item).dragTo(page.locator('.ed-canvas .vue-flow__pane'), { targetPosition: { x, y } });
}

/** Draws a connection with the mouse, from one handle to another. */
async function wire(page: Page, from: string, to: string): Promise<void> {
  const a = await byLabel(page, from).boundingBox();
  const b = await byLabel(page, to).boundingBox();
  if (!a || !b) throw new Error(`handle not found: ${!a ? from : to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('builds a pipeline by drag and drop, refuses bad connections, undoes, saves and runs it', async ({ page }) => {
  await openApp(page, PROJECT);
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(byLabel(page, 'Add function mean')).toBeVisible();
  await expect(page.getByText('Drag a function or a dataset here')).toBeVisible();
  await shot(page, 'editor-empty');

  // Palette → canvas: a catalog dataset, two functions, and a new memory dataset.
  await drop(page, 'Add dataset xs', 90, 200);
  await drop(page, 'Add function len', 300, 90);
  await drop(page, 'Add function mean', 520, 280);
  await page.getByLabel('New dataset name').fill('n');
  await drop(page, 'Add new dataset', 520, 90);
  await expect(page.locator('.ed-canvas .vue-flow__node')).toHaveCount(4);
  await expect(byLabel(page, 'Function node mean')).toContainText('arg2');

  await wire(page, 'Output of xs', 'Input arg1 of len');
  await wire(page, 'Output of len', 'Input of n');
  await wire(page, 'Output of xs', 'Input arg1 of mean');
  await expect(edges(page)).toHaveCount(3);

  // Refused, with the reason: function → function, and a second producer for n.
  await wire(page, 'Output of len', 'Input arg2 of mean');
  await expect(message(page)).toContainText("'len' and 'mean' are both functions");
  await expect(edges(page)).toHaveCount(3);
  await shot(page, 'editor-refused');
  await wire(page, 'Output of mean', 'Input of n');
  await expect(message(page)).toContainText("Dataset 'n' is already written by 'len'");
  await expect(edges(page)).toHaveCount(3);

  // The keyboard way: the inspector connects mean's second input and its output (a new dataset m).
  await wire(page, 'Output of n', 'Input arg2 of mean');
  await expect(edges(page)).toHaveCount(4);
  await page.getByLabel('New dataset name').fill('m');
  await page.getByLabel('New dataset name').press('Enter');
  await byLabel(page, 'Function node mean').click();
  await expect(page.getByLabel('Node name')).toHaveValue('mean');
  await page.getByLabel('Add an output of mean').selectOption({ label: 'm' });
  await expect(edges(page)).toHaveCount(5);
  await shot(page, 'editor-inspector');
  // Moved out from under mean, by the mouse.
  const m = await byLabel(page, 'Dataset node m').boundingBox();
  const mean = await byLabel(page, 'Function node mean').boundingBox();
  await page.mouse.move(m!.x + m!.width / 2, m!.y + 8);
  await page.mouse.down();
  await page.mouse.move(mean!.x + mean!.width + 120, mean!.y + 30, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute(
    'title',
    'Undo: Move m (Ctrl+Z)',
  );
  await byLabel(page, 'Function node mean').click();
  await page.getByLabel('Node name').fill('mean_node');
  await page.getByLabel('Node name').press('Enter');
  await expect(byLabel(page, 'Function node mean_node')).toBeVisible();

  // Undo and redo, by keyboard and by toolbar.
  await page.locator('.ed-canvas .vue-flow__pane').click({ position: { x: 10, y: 10 } });
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  await page.keyboard.press('Control+z');
  await expect(byLabel(page, 'Function node mean')).toBeVisible();
  await expect(undo).toHaveAttribute('title', 'Undo: Move m (Ctrl+Z)');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(edges(page)).toHaveCount(4);
  await page.keyboard.press('Control+Shift+z');
  await expect(edges(page)).toHaveCount(5);
  await undo.click();
  await expect(edges(page)).toHaveCount(4);
  await expect(redo).toHaveAttribute('title', 'Redo: Connect mean → m (Ctrl+Shift+Z)');
  for (let i = 0; i < 3; i++) await redo.click();
  await expect(redo).toBeDisabled();
  await expect(edges(page)).toHaveCount(5);
  await expect(byLabel(page, 'Function node mean_node')).toBeVisible();

  // Delete removes the selection, and undo brings it back.
  await byLabel(page, 'Dataset node m').click();
  await page.keyboard.press('Delete');
  await expect(byLabel(page, 'Dataset node m')).toHaveCount(0);
  await expect(edges(page)).toHaveCount(4);
  await page.keyboard.press('Control+z');
  await expect(edges(page)).toHaveCount(5);

  // A registered name is refused before anything is written.
  const name = page.getByLabel('Pipeline name');
  await name.fill('variance');
  await name.press('Enter');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await expect(message(page)).toContainText("already has a pipeline named 'variance'");
  expect(existsSync(join(projectDir(PROJECT), 'pipelines', 'variance.json'))).toBe(false);

  await name.fill('stats');
  await name.press('Enter');
  await page.locator('.ed-canvas .vue-flow__pane').click({ position: { x: 10, y: 10 } });
  await shot(page, 'editor-built');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await expect(message(page)).toContainText('Saved pipelines/stats.json');
  await expect(page.getByTestId('editor-state')).toHaveText('pipelines/stats.json');

  const file = JSON.parse(readFileSync(join(projectDir(PROJECT), 'pipelines', 'stats.json'), 'utf8'));
  expect(
    file.nodes.map((n: { name: string; func: string; inputs: unknown; outputs: unknown }) => [
      n.name,
      n.func,
      n.inputs,
      n.outputs,
    ]),
  ).toEqual([
    ['len', 'src/nodes.ts#len', 'xs', 'n'],
    ['mean_node', 'src/nodes.ts#mean', ['xs', 'n'], 'm'],
  ]);
  for (const n of file.nodes) expect(n.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });

  // The project reloaded: the new pipeline is in the Pipeline select, and it runs.
  await expect(page.getByLabel('Pipeline', { exact: true }).locator('option[value="stats"]')).toHaveCount(1);
  await page.getByRole('button', { name: "Show 'stats' in the graph" }).click();
  await expect(page.getByLabel('Pipeline', { exact: true })).toHaveValue('stats');
  await expect(page.locator('.pw-fn')).toHaveCount(2);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('progress')).toHaveText('2 of 2 nodes', { timeout: 60_000 });
  await expect(page.locator('.run-status .badge')).toHaveText('success');
  await shot(page, 'editor-saved-run');

  // Opened again, the saved positions come back.
  await page.getByRole('tab', { name: 'Editor' }).click();
  await page.getByLabel('Open pipeline').selectOption('stats');
  await expect(message(page)).toContainText('Editing pipelines/stats.json');
  const box = await byLabel(page, 'Function node mean_node').boundingBox();
  const lenBox = await byLabel(page, 'Function node len').boundingBox();
  expect(box && lenBox && box.x > lenBox.x && box.y > lenBox.y).toBe(true);
  await shot(page, 'editor-reopened');
});

test('opens a pipeline defined in code as a copy, and the engine names a problem it finds', async ({ page }) => {
  await openApp(page, PROJECT);
  await page.getByRole('tab', { name: 'Editor' }).click();
  await page.getByLabel('Open pipeline').selectOption('variance');
  await expect(message(page)).toContainText("editing a copy named 'variance_copy'");
  await expect(page.getByLabel('Pipeline name')).toHaveValue('variance_copy');
  await expect(page.locator('.ed-canvas .vue-flow__node')).toHaveCount(9);
  await expect(edges(page)).toHaveCount(11);
  await shot(page, 'editor-open-copy');

  // A function with an unconnected input is named before the host is asked.
  await byLabel(page, 'Add function variance').click();
  await page.getByRole('button', { name: 'Check pipeline' }).click();
  await expect(message(page)).toContainText("Input arg1 of 'variance' is not connected");
  await expect(page.locator('.ed-node.flagged')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('button', { name: 'Check pipeline' }).click();
  await expect(message(page)).toContainText("'variance_copy' is a valid pipeline");
});
