import { expect, type Locator, type Page } from '@playwright/test';

export const byLabel = (page: Page, label: string): Locator => page.locator(`[aria-label="${label}"]`);
export const canvasNodes = (page: Page): Locator => page.locator('.ed-canvas .vue-flow__node');
export const editorMessage = (page: Page): Locator => page.getByTestId('editor-message');

/** Pairs of editor nodes drawn on top of each other, as the browser lays them out (names from their labels). */
export async function overlappingOnScreen(page: Page): Promise<string[]> {
  return canvasNodes(page).evaluateAll((els) => {
    const boxes = els.map((el) => ({ name: el.getAttribute('aria-label') ?? '?', r: el.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        // Half a pixel of rounding is not an overlap.
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          out.push(`${boxes[i].name} / ${boxes[j].name}`);
      }
    return out;
  });
}

/** Drags a node by its middle by (dx, dy) screen pixels. */
export async function dragBy(
  page: Page,
  node: Locator,
  dx: number,
  dy: number,
  modifiers: string[] = [],
): Promise<void> {
  const b = (await node.boundingBox())!;
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + dx / 2, b.y + b.height / 2 + dy / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2 + dy, { steps: 5 });
  await page.mouse.up();
  for (const m of modifiers) await page.keyboard.up(m);
}

/** Opens a registered pipeline in the editor and waits for its nodes. */
export async function openInEditor(page: Page, pipeline: string, nodes: number): Promise<void> {
  await page.getByRole('tab', { name: 'Editor' }).click();
  await page.getByLabel('Open pipeline').selectOption(pipeline);
  await expect(page.locator('.ed-canvas .vue-flow__node')).toHaveCount(nodes);
}
