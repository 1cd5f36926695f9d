import { expect, test } from '@playwright/test';
import { byLabel, canvasNodes, openInEditor, overlappingOnScreen } from './editor-helpers';
import { openApp, shot } from './helpers';

test('quick add: a search opened from the keyboard adds functions and datasets at free spots, undoably', async ({
  page,
}) => {
  await openApp(page, 'spaceflights');
  await openInEditor(page, 'data_processing', 9);
  const nodes = await canvasNodes(page).count();
  await page.locator('.ed-canvas .vue-flow__pane').click({ position: { x: 10, y: 10 } });

  // Ctrl+K opens it; typing ranks the project's functions and datasets; Enter adds the first.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Quick add' });
  const search = dialog.getByRole('combobox', { name: 'Search functions and datasets to add' });
  await expect(search).toBeFocused();
  await search.pressSequentially('shut');
  const options = dialog.getByRole('option');
  await expect(options.first()).toContainText('shuttles');
  await expect(dialog.getByRole('option', { name: /preprocessShuttles/ })).toBeVisible();
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'editor-quick-add');
  // ↓ moves the choice: to the function this time.
  const names = await options.allInnerTexts();
  const at = names.findIndex((n) => n.includes('preprocessShuttles'));
  expect(at).toBeGreaterThan(0);
  for (let i = 0; i < at; i++) await search.press('ArrowDown');
  await expect(dialog.getByRole('option', { name: /preprocessShuttles/ })).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(byLabel(page, 'Function node preprocessShuttles')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute(
    'title',
    'Undo: Add preprocessShuttles (Ctrl+Z)',
  );

  // / opens it too; a new name becomes a memory dataset, placed below the selected function.
  await page.keyboard.press('/');
  await page.keyboard.type('shuttle_stats');
  await expect(dialog.getByRole('option').last()).toContainText('new memory dataset');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const ds = byLabel(page, 'Dataset node shuttle_stats');
  await expect(ds).toBeVisible();
  const fn = (await byLabel(page, 'Function node preprocessShuttles').boundingBox())!;
  expect((await ds.boundingBox())!.y).toBeGreaterThan(fn.y + fn.height);
  await expect(canvasNodes(page)).toHaveCount(nodes + 2);
  expect(await overlappingOnScreen(page)).toEqual([]);
  await shot(page, 'editor-quick-added');

  // Escape closes without adding; undo takes the additions back one by one.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('companies');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(canvasNodes(page)).toHaveCount(nodes + 2);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(canvasNodes(page)).toHaveCount(nodes);
});
