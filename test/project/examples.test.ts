import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataCatalog, SequentialRunner } from '../../src-main/engine';
import { PickleDataset } from '../../src-main/datasets';
import { loadProject } from '../../src-main/project';
import { copyProject } from './project-helpers';

describe('examples run with SequentialRunner through loadProject + createCatalog', () => {
  it('variance: v is pickled to data/07_model_output/variance.pickle', async () => {
    const root = copyProject('example', 'variance');
    const project = await loadProject(root);
    const result = await new SequentialRunner().run(project.pipelines.__default__, project.createCatalog());
    expect(result).toEqual({});
    const v = await new PickleDataset({ filepath: 'data/07_model_output/variance.pickle', root }).load();
    expect(v).toBeCloseTo(0.666666666666667, 12);
  });

  it('variance: without the catalog entry for v, v is the free output (the seed)', async () => {
    const project = await loadProject(copyProject('example', 'variance'));
    const catalog = project.createCatalog();
    const withoutV = new DataCatalog(
      Object.fromEntries(
        catalog
          .list()
          .filter((n) => n !== 'v')
          .map((n) => [n, catalog.getDataset(n)]),
      ),
    );
    const result = await new SequentialRunner().run(project.pipelines.__default__, withoutV);
    expect(Object.keys(result)).toEqual(['v']);
    expect(result.v).toBeCloseTo(0.666666666666667, 12);
  });

  it('spaceflights: processes the data, trains both namespaced models, writes versioned models and metrics', async () => {
    const root = copyProject('example', 'spaceflights');
    const project = await loadProject(root);
    expect(Object.keys(project.pipelines).sort()).toEqual(['__default__', 'data_processing', 'data_science']);
    expect(project.pipelines.data_processing.nodes.every((n) => n.tags.has('preprocessing'))).toBe(true);
    const saveVersion = '2024-05-01T10.00.00.000Z';
    const catalog = project.createCatalog({ saveVersion });
    const events: string[] = [];
    await new SequentialRunner().run(project.pipelines.__default__, catalog, { onEvent: (e) => events.push(e.type) });
    expect(events.at(-1)).toBe('run-end');

    const modelInput = (await catalog.load('model_input_table')) as Record<string, unknown>[];
    expect(modelInput.length).toBeGreaterThan(200);
    expect(modelInput[0]).toMatchObject({ price: expect.any(Number), company_rating: expect.any(Number) });
    for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
      expect(readdirSync(join(root, 'data/06_models', ns, 'regressor.pickle'))).toEqual([saveVersion]);
      const metrics = JSON.parse(readFileSync(join(root, 'data/08_reporting', ns, 'metrics.json'), 'utf8'));
      expect(metrics.r2_score).toBeGreaterThan(0.5);
      expect(metrics.r2_score).toBeLessThanOrEqual(1);
    }
    expect(existsSync(join(root, 'data/02_intermediate/preprocessed_shuttles.csv'))).toBe(true);

    // A second run keeps the first model version and adds its own.
    await new SequentialRunner().run(
      project.pipelines.data_science,
      project.createCatalog({ saveVersion: '2024-05-02T10.00.00.000Z' }),
    );
    expect(readdirSync(join(root, 'data/06_models/active_modelling_pipeline/regressor.pickle')).sort()).toEqual([
      saveVersion,
      '2024-05-02T10.00.00.000Z',
    ]);
  });

  it('spaceflights: runtime params reach namespaced, nested parameters', async () => {
    const project = await loadProject(copyProject('example', 'spaceflights'), {
      runtimeParams: { active_modelling_pipeline: { model_options: { test_size: 0.5 } } },
    });
    const options = await project.createCatalog().load('params:active_modelling_pipeline.model_options');
    expect(options).toMatchObject({ test_size: 0.5, random_state: 3 });
  });
});
