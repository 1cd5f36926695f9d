import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataCatalog, SequentialRunner } from '../../src-main/engine';
import { PickleDataset } from '../../src-main/datasets';
import { loadProject } from '../../src-main/project';
import { isTable, tableToRecords, type Table } from '../../src-main/table';
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

  it('spaceflights: Excel and CSV in, Parquet tables between nodes, both namespaced models, metrics and charts', async () => {
    const root = copyProject('example', 'spaceflights');
    const project = await loadProject(root);
    expect(Object.keys(project.pipelines).sort()).toEqual([
      '__default__',
      'data_processing',
      'data_science',
      'reporting',
    ]);
    expect(project.pipelines.data_processing.nodes.every((n) => n.tags.has('preprocessing'))).toBe(true);
    const saveVersion = '2024-05-01T10.00.00.000Z';
    const catalog = project.createCatalog({ saveVersion });
    const events: string[] = [];
    await new SequentialRunner().run(project.pipelines.__default__, catalog, { onEvent: (e) => events.push(e.type) });
    expect(events.at(-1)).toBe('run-end');

    const shuttles = (await catalog.load('shuttles')) as Table;
    expect(isTable(shuttles)).toBe(true);
    expect(shuttles.numRows()).toBe(400);
    const modelInput = (await catalog.load('model_input_table')) as Table;
    expect(isTable(modelInput)).toBe(true);
    expect(modelInput.numRows()).toBe(312);
    const first = modelInput.object(0) as Record<string, unknown>;
    expect(first).toMatchObject({ price: expect.any(Number), company_rating: expect.any(Number) });
    expect(typeof first.d_check_complete).toBe('boolean');
    // dropna(): no missing value is left, and rows with one (in shuttles or companies) are gone.
    for (const name of modelInput.columnNames())
      expect(
        (modelInput.array(name) as unknown[]).some((v) => v === null || v === undefined),
        name,
      ).toBe(false);
    for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
      expect(readdirSync(join(root, 'data/06_models', ns, 'regressor.pickle'))).toEqual([saveVersion]);
      const metrics = JSON.parse(readFileSync(join(root, 'data/08_reporting', ns, 'metrics.json'), 'utf8'));
      expect(metrics.r2_score).toBeGreaterThan(0.5);
      expect(metrics.r2_score).toBeLessThanOrEqual(1);
    }
    expect(existsSync(join(root, 'data/02_intermediate/preprocessed_shuttles.parquet'))).toBe(true);

    // The reporting charts: the mean passenger capacity of each shuttle type, from the preprocessed shuttles.
    const shuttlesOut = (await catalog.load('preprocessed_shuttles')) as Table;
    const types = [...new Set(shuttlesOut.array('shuttle_type') as string[])].sort();
    const mean = (type: string) => {
      const caps = (shuttlesOut.objects() as Array<Record<string, unknown>>)
        .filter((r) => r.shuttle_type === type)
        .map((r) => r.passenger_capacity as number);
      return caps.reduce((a, b) => a + b, 0) / caps.length;
    };
    const plot = (await catalog.load('shuttle_passenger_capacity_plot')) as {
      data: Array<{ x: string[]; y: number[] }>;
    };
    expect(plot.data[0].x).toEqual(types);
    plot.data[0].y.forEach((y, i) => expect(y).toBeCloseTo(mean(types[i]), 9));
    const spec = (await catalog.load('shuttle_passenger_capacity_chart')) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(types.length);
    const svg = readFileSync(
      join(root, 'data/08_reporting/dummy_confusion_matrix.svg', saveVersion, 'dummy_confusion_matrix.svg'),
      'utf8',
    );
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<rect /g)).toHaveLength(4);

    // The model input table is what the records version of this example computed, row for row:
    // shuttles (in their order) with their review and company, rows with a missing value dropped.
    const records = async (name: string) =>
      tableToRecords((await catalog.load(name)) as Table) as Array<Record<string, unknown>>;
    const [companies, reviews] = [await records('preprocessed_companies'), await records('reviews')];
    const expected = (await records('preprocessed_shuttles')).flatMap((s) => {
      const review = reviews.find((r) => r.shuttle_id === s.id);
      const company = companies.find((c) => c.id === s.company_id);
      if (!review || !company) return [];
      const { id: _shuttle, ...shuttle } = s;
      const row = { ...shuttle, ...review, ...company };
      return Object.values(row).some((v) => v === null || v === undefined) ? [] : [row];
    });
    expect(tableToRecords(modelInput)).toEqual(expected);

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
