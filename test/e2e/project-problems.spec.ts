/// <reference lib="dom" />
import { appendFileSync, cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { api, openApp, projectDir, shot } from './helpers';

// The variance example with a mistake in its catalog: a misspelt type on an entry the pipeline
// does not use, so the project opens and only that entry is broken. The CLI warns about it on
// stderr; the app shows the same, with the file and line.
test.beforeAll(() => {
  const dir = projectDir('broken-catalog');
  if (existsSync(dir)) return;
  cpSync(resolve(__dirname, '..', '..', 'examples', 'variance'), dir, { recursive: true });
  // The catalog has 8 lines; the entry starts on line 10.
  appendFileSync(
    join(dir, 'conf', 'base', 'catalog.yml'),
    '\nreport:\n  type: JSONDatset\n  filepath: data/08_reporting/report.json\n',
  );
});

test('a catalog mistake is shown with its file and line, and can be dismissed', async ({ page }) => {
  await openApp(page, 'broken-catalog');
  const problems = page.getByRole('alert', { name: 'Project problems' });
  await expect(problems).toBeVisible();
  await expect(problems).toContainText('The project loaded with 1 catalog problem');
  await expect(problems).toContainText('conf/base/catalog.yml:10');
  await expect(problems).toContainText("Catalog entry 'report' cannot be built: unknown type 'JSONDatset'");
  await expect(problems).toContainText("did you mean 'JSONDataset'");
  await shot(page, 'project-problems');

  await page.getByRole('button', { name: 'Dismiss project problems' }).click();
  await expect(problems).toBeHidden();
  // A reload that still finds the mistake keeps it dismissed; the project without it has none.
  await api(page, 'project.reload');
  await expect(problems).toBeHidden();
  await openApp(page, 'variance');
  await expect(page.getByRole('alert', { name: 'Project problems' })).toHaveCount(0);
});
