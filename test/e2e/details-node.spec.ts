import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, openApp, projectDir, shot } from './helpers';

test.beforeAll(() => {
  const root = projectDir('details');
  for (const d of ['conf/base', 'conf/local', 'src', 'data']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(
    join(root, 'conf', 'base', 'catalog.yml'),
    'numbers:\n  type: JSONDataset\n  filepath: data/numbers.json\n',
  );
  writeFileSync(join(root, 'data', 'numbers.json'), '[3, 1, 4, 1, 5, 9, 2, 6]\n');
  writeFileSync(join(root, 'conf', 'base', 'parameters.yml'), 'model:\n  depth: 4\n  features: [a, b]\n');
  writeFileSync(
    join(root, 'src', 'nodes.ts'),
    [
      '// Helpers of the details project.',
      '',
      '/** Keeps the numbers above a threshold. */',
      'export function keepLarge(xs: number[], model: { depth: number }): number[] {',
      "  const label = 'large'; // a comment",
      '  return xs.filter((x) => x > model.depth);',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'src', 'pipeline_registry.ts'),
    `import { node, pipeline } from 'pipewright';\nimport { keepLarge } from './nodes';\n\nexport function registerPipelines() {\n  return { __default__: pipeline([node(keepLarge, ['numbers', 'params:model'], 'large', { name: 'keep_large', tags: ['filter'] })]) };\n}\n`,
  );
});

test('a function node shows its source with file and line, its inputs, tags and last run', async ({ page }) => {
  await openApp(page, 'details');
  await page.locator('.vue-flow__node[data-id="fn:keep_large"]').click();
  const details = page.getByRole('region', { name: 'Details of keep_large' });
  await expect(details.getByRole('button', { name: 'numbers' })).toBeVisible();
  await expect(details).toContainText('filter');
  const source = details.getByRole('region', { name: 'Source', exact: true });
  await expect(source).toContainText('src/nodes.ts:4');
  const code = details.getByRole('region', { name: 'Source of keepLarge' });
  await expect(code).toContainText('export function keepLarge(xs: number[], model: { depth: number }): number[] {');
  await expect(code).toContainText('return xs.filter((x) => x > model.depth);');
  await expect(code.locator('.ln').first()).toHaveText('4');
  await expect(code.locator('.tk-keyword').first()).toHaveText('export');
  await expect(code.locator('.tk-string')).toHaveText("'large'");
  await expect(details).toContainText('Not run yet');

  const { runId } = await api<{ runId: string }>(page, 'runs.start', {});
  await expect(details).toContainText(/Last run: .*done/, { timeout: 30_000 });
  await expect(details).toContainText(runId);
  await shot(page, 'details-function');
});

test('a parameter node shows its value', async ({ page }) => {
  await openApp(page, 'details');
  await page.locator('.vue-flow__node[data-id="param:params:model"]').click();
  const details = page.getByRole('region', { name: 'Details of params:model' });
  const value = details.getByRole('region', { name: 'Value' });
  await expect(value).toContainText('"depth": 4');
  await expect(value).toContainText('"features": [');
  await shot(page, 'details-parameter');
});
