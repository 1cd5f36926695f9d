import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, projectDir, shot } from './helpers';

test('what changed, Run changed, an output as a past run wrote it, drift and Compare', async ({ page }) => {
  test.setTimeout(180_000);
  const params = join(projectDir('spaceflights'), 'conf/base/parameters.yml');
  const original = readFileSync(params, 'utf8');
  try {
    await openApp(page, 'spaceflights');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 90_000 });

    writeFileSync(params, original.replace('random_state: 8', 'random_state: 9'));
    await page.getByRole('button', { name: 'What changed', exact: true }).click();
    const stale = page.getByRole('region', { name: 'What changed' });
    await expect(stale).toContainText('3 of 12 nodes stale');
    await expect(stale).toContainText(
      "candidate_modelling_pipeline.split_data_node: parameter 'candidate_modelling_pipeline.model_options' changed",
    );
    // The graph marks the stale functions, and a stale function's details say why.
    const staleFn = page.locator('.vue-flow__node[data-id="fn:candidate_modelling_pipeline.split_data_node"] .pw-fn');
    await expect(staleFn).toHaveClass(/is-stale/);
    await expect(page.locator('.pw-fn.is-stale')).toHaveCount(3);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('candidate_modelling_pipeline.split');
    await page.keyboard.press('Enter');
    await staleFn.click();
    await expect(page.getByRole('note', { name: 'Why it is stale' })).toContainText(
      "parameter 'candidate_modelling_pipeline.model_options' changed",
    );
    await shot(page, 'outputs-what-changed');

    // The log follows its newest line, so the run's first line is watched for through the filter.
    const logFilter = page.getByRole('searchbox', { name: 'Filter logs' });
    await logFilter.fill('the others are unchanged');
    await page.getByRole('button', { name: 'Run changed', exact: true }).click();
    await expect(page.getByRole('log')).toContainText('Running 3 out of 12 nodes (the others are unchanged)', {
      timeout: 90_000,
    });
    await logFilter.fill('');
    await expect(page.locator('.run-status .badge')).toHaveText('success', { timeout: 90_000 });
    await expect(page.locator('.pw-fn.st-done')).toHaveCount(3);
    // Asked again once the run ended: nothing is stale any more.
    await expect(page.locator('.pw-fn.is-stale')).toHaveCount(0);
    await shot(page, 'outputs-run-changed');

    await page.getByRole('tab', { name: 'History', exact: true }).click();
    const runs = page.getByRole('button', { name: /^Open run / });
    await expect(runs).toHaveCount(2);
    await runs.nth(0).click();
    const detail = page.getByRole('region', { name: /^Run \d/ });
    await detail.getByRole('button', { name: 'Drift of candidate_modelling_pipeline.metrics across runs' }).click();
    const drift = detail.getByRole('region', { name: 'Drift of candidate_modelling_pipeline.metrics' });
    await expect(drift.locator('tbody tr')).toHaveCount(2);
    await expect(drift.locator('tbody tr').first()).toContainText('changed');
    await shot(page, 'outputs-drift');

    // The older run's metrics as it wrote them, from the store, not today's file.
    await runs.nth(1).click();
    await detail
      .getByRole('button', { name: 'Inspect candidate_modelling_pipeline.metrics as this run wrote it' })
      .click();
    await expect(page.getByText('r2_score').first()).toBeVisible({ timeout: 30_000 });
    await shot(page, 'outputs-past-output');

    await page.getByRole('tab', { name: 'History', exact: true }).click();
    await page
      .getByRole('checkbox', { name: /^Pick run / })
      .nth(0)
      .check();
    await page
      .getByRole('checkbox', { name: /^Pick run / })
      .nth(1)
      .check();
    await page.getByRole('button', { name: 'Compare 2 runs' }).click();
    const diff = page.getByRole('region', { name: 'Differences between the runs' });
    await expect(diff.getByRole('table', { name: 'Effective parameter differences' })).toContainText(
      'candidate_modelling_pipeline.model_options.random_state',
    );
    await expect(diff.getByRole('table', { name: 'Request differences' })).toContainText('changed');
    await expect(diff.getByRole('table', { name: 'Output differences' })).toContainText(
      'candidate_modelling_pipeline.metrics',
    );
    await shot(page, 'outputs-compare');

    // Run changed asked once: the panel's next Run runs the whole pipeline.
    await page.getByRole('tab', { name: 'Graph', exact: true }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('log')).toContainText('Completed 12 out of 12 tasks', { timeout: 90_000 });
  } finally {
    writeFileSync(params, original);
  }
});
