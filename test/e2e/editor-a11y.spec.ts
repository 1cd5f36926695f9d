import { expect, test, type Locator, type Page } from '@playwright/test';
import { byLabel, openInEditor } from './editor-helpers';
import { openApp } from './helpers';

interface Named {
  role: string;
  name: string;
  /** The named element it sits in, for options (an option is named within its select or listbox). */
  within?: Named;
}

/** Every role "name" pair the accessibility tree of `root` shows (from Playwright's aria snapshot). */
async function namedControls(root: Locator): Promise<Named[]> {
  const yaml = await root.ariaSnapshot();
  const out: Named[] = [];
  const stack: Array<{ indent: number; node: Named }> = [];
  for (const line of yaml.split('\n')) {
    const m = /^(\s*)- ([a-z]+) "((?:[^"\\]|\\.)*)"/.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const node: Named = { role: m[2], name: JSON.parse(`"${m[3]}"`) };
    if (node.role === 'option') node.within = stack.at(-1)?.node;
    out.push(node);
    stack.push({ indent, node });
  }
  return out;
}

const key = (c: Named): string => `${c.within ? `${key(c.within)} > ` : ''}${c.role} "${c.name}"`;
const CHECKED = ['button', 'textbox', 'combobox', 'spinbutton', 'group', 'dialog', 'listbox', 'searchbox', 'tab'];

/** No two controls in the editor share a role and an accessible name, as getByRole finds them. */
async function expectUniqueNames(page: Page, where: string): Promise<number> {
  const root = page.locator('.editor-view');
  const controls = await namedControls(root);
  const seen = new Map<string, number>();
  for (const c of controls) seen.set(key(c), (seen.get(key(c)) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  expect(twice, `${where}: the same accessible name twice`).toEqual([]);
  type Role = Parameters<Page['getByRole']>[0];
  for (const c of controls) {
    if (CHECKED.includes(c.role))
      await expect(root.getByRole(c.role as Role, { name: c.name, exact: true }), `${where}: ${key(c)}`).toHaveCount(1);
    else if (c.role === 'option' && c.within && CHECKED.includes(c.within.role))
      await expect(
        root
          .getByRole(c.within.role as Role, { name: c.within.name, exact: true })
          .getByRole('option', { name: c.name, exact: true }),
        `${where}: ${key(c)}`,
      ).toHaveCount(1);
  }
  return controls.length;
}

test('every control in the editor has an accessible name of its own', async ({ page }) => {
  await openApp(page, 'editor-variance');
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(byLabel(page, 'Add function mean')).toBeVisible();
  expect(await expectUniqueNames(page, 'empty editor')).toBeGreaterThan(10);

  await openInEditor(page, 'variance', 9);
  await expectUniqueNames(page, 'variance opened');
  // Each connection is named by the input it feeds: a function may read one dataset twice.
  await expect(page.getByRole('group', { name: 'Connection xs to len input arg1' })).toHaveCount(1);

  await byLabel(page, 'Function node mean_node').click();
  await expect(page.getByLabel('Node name')).toHaveValue('mean_node');
  await expectUniqueNames(page, 'a function selected');
  // mean_node reads xs twice: two connections between the same two nodes, still told apart.
  await page.getByRole('combobox', { name: 'Input arg2 of mean_node' }).selectOption({ label: 'xs' });
  await expect(page.locator('.ed-canvas .vue-flow__edge')).toHaveCount(11);
  await expectUniqueNames(page, 'one dataset read twice by a function');
  await byLabel(page, 'Dataset node m').click();
  await expectUniqueNames(page, 'a dataset selected');

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Quick add' })).toBeVisible();
  await expectUniqueNames(page, 'quick add open');
});
