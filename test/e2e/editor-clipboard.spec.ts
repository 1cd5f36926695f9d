import { expect, test, type Page } from '@playwright/test';
import { byLabel, canvasNodes, dragBy, editorMessage, openInEditor, overlappingOnScreen } from './editor-helpers';
import { openApp, shot } from './helpers';

const PROJECT = 'editor-variance';
const undoButton = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });
const selected = (page: Page) => page.locator('.ed-canvas .vue-flow__node.selected');
const box = async (page: Page, label: string) => (await byLabel(page, label).boundingBox())!;

test('shift-click and box-select several nodes, move them together, copy and paste them; all undoable', async ({
  page,
}) => {
  await openApp(page, PROJECT);
  await openInEditor(page, 'variance', 9);

  // Shift-click adds to the selection; dragging one selected node moves both.
  await byLabel(page, 'Function node len').click();
  await byLabel(page, 'Dataset node n').click({ modifiers: ['Shift'] });
  await expect(selected(page)).toHaveCount(2);
  const len0 = await box(page, 'Function node len');
  const n0 = await box(page, 'Dataset node n');
  await dragBy(page, byLabel(page, 'Function node len'), -220, 0);
  await expect(undoButton(page)).toHaveAttribute('title', 'Undo: Move 2 nodes (Ctrl+Z)');
  const len1 = await box(page, 'Function node len');
  const n1 = await box(page, 'Dataset node n');
  expect(Math.abs(len1.x - len0.x - (n1.x - n0.x))).toBeLessThan(2);
  expect(len1.x).toBeLessThan(len0.x - 100);
  await shot(page, 'editor-multi-moved');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await box(page, 'Dataset node n')).x)).toBe(Math.round(n0.x));

  // Shift-drag on the empty canvas draws a selection box.
  await page.locator('.ed-canvas .vue-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(selected(page)).toHaveCount(0);
  const a = await box(page, 'Function node mean_node');
  const b = await box(page, 'Dataset node m');
  const x0 = Math.min(a.x, b.x) - 12;
  const y0 = Math.min(a.y, b.y) - 12;
  const x1 = Math.max(a.x + a.width, b.x + b.width) + 12;
  const y1 = Math.max(a.y + a.height, b.y + b.height) + 12;
  await page.keyboard.down('Shift');
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
  await page.mouse.move(x1, y1, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(selected(page)).toHaveCount(2);
  await expect(page.getByTestId('selection-count')).toContainText('2 nodes and 4 connections selected');
  await shot(page, 'editor-box-selected');

  // Copy and paste: new names, the connection between them kept, placed clear of every node.
  await page.keyboard.press('Control+c');
  await expect(editorMessage(page)).toContainText('Copied 2 nodes');
  const edgesBefore = await page.locator('.ed-canvas .vue-flow__edge').count();
  await page.keyboard.press('Control+v');
  await expect(byLabel(page, 'Function node mean_node_2')).toBeVisible();
  await expect(byLabel(page, 'Dataset node m_2')).toBeVisible();
  await expect(byLabel(page, 'Connection mean_node_2 to m_2')).toHaveCount(1);
  await expect(page.locator('.ed-canvas .vue-flow__edge')).toHaveCount(edgesBefore + 1);
  await expect(canvasNodes(page)).toHaveCount(11);
  await expect(selected(page)).toHaveCount(2);
  expect(await overlappingOnScreen(page)).toEqual([]);
  await expect(undoButton(page)).toHaveAttribute('title', 'Undo: Paste 2 nodes (Ctrl+Z)');
  await shot(page, 'editor-pasted');
  // Pasted again: the next names, still apart.
  await page.keyboard.press('Control+v');
  await expect(byLabel(page, 'Function node mean_node_3')).toBeVisible();
  expect(await overlappingOnScreen(page)).toEqual([]);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(canvasNodes(page)).toHaveCount(9);
});
