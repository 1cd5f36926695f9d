import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pipewright, removeDir } from '../cli/cli-helpers';
import { PAST_OUTPUTS, RED_PNG, pastOutputProject } from '../services/past-output-project';
import { api, serverUrl, shot } from './helpers';

test("History shows a past run's Parquet, Excel, Pickle and image outputs as that run wrote them, and says when a type changed", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = pastOutputProject();
  try {
    for (const args of [[], ['--params', 'factor=3']]) {
      const r = await pipewright(['run', '--project', dir, ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
    // Today's Parquet file is gone and the image is blue: the first run's are only in the store.
    rmSync(join(dir, PAST_OUTPUTS.parquet));
    await api(page, 'project.open', { root: dir });
    await page.goto(serverUrl().toString());
    await page.getByRole('tab', { name: 'History', exact: true }).click();
    const runs = page.getByRole('button', { name: /^Open run / });
    await expect(runs).toHaveCount(2);
    await runs.nth(1).click();
    const detail = page.getByRole('region', { name: /^Run \d/ });
    await expect(detail).toContainText('SequentialRunner · 1 worker · env local');

    await detail.getByRole('button', { name: 'Inspect parquet as this run wrote it' }).click();
    const parquet = page.getByRole('table', { name: 'Preview of parquet' });
    await expect(parquet.getByRole('row')).toHaveCount(4);
    await expect(parquet.getByRole('row').nth(3)).toContainText('cy');
    await expect(parquet.getByRole('row').nth(3)).toContainText('60');
    // Today's file is gone: the header says whose data this is, not "no data yet".
    const panel = page.getByRole('region', { name: 'Dataset parquet' });
    await expect(panel).toContainText(/Output of run \S+, kept .+: as that run wrote it, not today's data/);
    await expect(panel).not.toContainText('no data yet');
    await shot(page, 'outputs-past-parquet');
    await page.getByRole('button', { name: 'Explore all rows' }).click();
    const explorer = page.getByRole('dialog', { name: 'Explore parquet' });
    await expect(explorer).toContainText('ann');
    await expect(explorer).toContainText('60');
    await shot(page, 'outputs-past-parquet-explorer');
    await explorer.getByRole('button', { name: 'Close the explorer' }).click();

    await page.getByRole('tab', { name: 'History', exact: true }).click();
    await runs.nth(1).click();
    await detail.getByRole('button', { name: 'Inspect excel as this run wrote it' }).click();
    await expect(page.getByRole('table', { name: 'Preview of excel' })).toContainText('40');

    await page.getByRole('tab', { name: 'History', exact: true }).click();
    await runs.nth(1).click();
    await detail.getByRole('button', { name: 'Inspect pickle as this run wrote it' }).click();
    await expect(page.locator('.preview[data-kind="json"]')).toContainText('linear');

    await page.getByRole('tab', { name: 'History', exact: true }).click();
    await runs.nth(1).click();
    await detail.getByRole('button', { name: 'Inspect image as this run wrote it' }).click();
    const image = page.getByRole('img', { name: 'Image image' });
    await expect(image).toHaveAttribute('src', `data:image/png;base64,${RED_PNG}`);
    await shot(page, 'outputs-past-image');

    // The catalog changed the type since: the copy is shown by its extension, and the panel says so.
    const catalog = join(dir, 'conf/base/catalog.yml');
    writeFileSync(
      catalog,
      readFileSync(catalog, 'utf8').replace('json: { type: JSONDataset', 'json: { type: TextDataset'),
    );
    await api(page, 'project.open', { root: dir });
    await page.getByRole('tab', { name: 'History', exact: true }).click();
    await runs.nth(1).click();
    await detail.getByRole('button', { name: 'Inspect json as this run wrote it' }).click();
    await expect(page.getByRole('note')).toContainText(
      "wrote 'json' as a JSONDataset, but the catalog now says TextDataset, so the kept copy of data/summary.json is shown by its file extension",
    );
    await expect(page.locator('.preview[data-kind="json"]')).toContainText('120');
    await shot(page, 'outputs-past-type-changed');
  } finally {
    await api(page, 'project.open', { root: join(process.env.PW_E2E_DIR!, 'variance') }).catch(() => undefined);
    removeDir(dir);
  }
});
