import { describe, expect, it } from 'vitest';
import { CATALOG_ENTRY, MemoryDataset, Pipeline, SequentialRunner } from '../../src-main/engine';
import { CSVDataset, JSONDataset, PickleDataset } from '../../src-main/datasets';
import { ProjectError, loadProject, loadProjectFromRef } from '../../src-main/project';
import { copyProject, rejection } from './project-helpers';

describe('loadProject on the chain fixture', () => {
  it('registers the registry pipelines, the pipeline files, and sums them into __default__', async () => {
    const root = copyProject('fixture', 'chain');
    const project = await loadProject(root);
    expect(Object.keys(project.pipelines).sort()).toEqual(['__default__', 'clean', 'doubled', 'summarise']);
    expect(project.pipelines.clean).toBeInstanceOf(Pipeline);
    expect(project.pipelines.__default__.nodes.map((n) => n.name).sort()).toEqual(['clean', 'double', 'summarise']);
    expect(project.pipelineSources).toMatchObject({
      clean: 'src/pipeline_registry.ts',
      doubled: 'pipelines/doubled.json',
    });
    expect(project.root).toBe(root);
    expect(project.env).toBe('local');
  });

  it('merges conf/local over conf/base: catalog entries replaced whole, parameters deeply', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    expect(project.catalogConfig.summary).toEqual({ type: 'JSONDataset', filepath: 'data/summary_local.json' });
    expect(project.catalogSources.summary).toBe('conf/local/catalog.yml');
    expect(project.catalogConfig.raw).toEqual({ type: 'JSONDataset', filepath: 'data/raw.json' });
    expect(project.catalogConfig._json).toBeUndefined();
    expect(project.parameters).toEqual({ scale: 2, model: { alpha: 0.1, layers: [8, 4], options: { seed: 1 } } });
  });

  it('--env reads conf/<env> instead of conf/local; runtime params merge over both', async () => {
    const root = copyProject('fixture', 'chain');
    const prod = await loadProject(root, { env: 'prod', runtimeParams: { model: { options: { seed: 7 } } } });
    expect(prod.env).toBe('prod');
    expect(prod.parameters).toEqual({ scale: 100, model: { alpha: 0.5, layers: [8, 4], options: { seed: 7 } } });
    expect(prod.catalogConfig.summary.filepath).toBe('data/summary.json');
    const err = await rejection(loadProject(root, { env: 'staging' }));
    expect(err).toBeInstanceOf(ProjectError);
    expect(err.message).toBe("Environment 'staging' not found: the project has no conf/staging/ folder.");
  });

  it('registers parameters and every params: key, nested ones with dots', async () => {
    const catalog = (await loadProject(copyProject('fixture', 'chain'))).createCatalog();
    expect(catalog.list('^param').sort()).toEqual([
      'parameters',
      'params:model',
      'params:model.alpha',
      'params:model.layers',
      'params:model.options',
      'params:model.options.seed',
      'params:scale',
    ]);
    expect(await catalog.load('params:model.options.seed')).toBe(1);
    expect(await catalog.load('params:model')).toEqual({ alpha: 0.1, layers: [8, 4], options: { seed: 1 } });
    expect(catalog.getDataset('params:scale')).toBeInstanceOf(MemoryDataset);
  });

  it('createCatalog builds a fresh catalog each call, datasets marked with their entry', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    const a = project.createCatalog();
    const b = project.createCatalog();
    expect(a).not.toBe(b);
    expect(a.getDataset('raw')).not.toBe(b.getDataset('raw'));
    expect(a.getDataset('raw')).toBeInstanceOf(JSONDataset);
    expect(a.getDataset('raw')[CATALOG_ENTRY]).toEqual({ type: 'JSONDataset', filepath: 'data/raw.json' });
  });

  it('runs the pipelines with SequentialRunner, writing where the catalog says', async () => {
    const root = copyProject('fixture', 'chain');
    const project = await loadProject(root);
    const catalog = project.createCatalog();
    const result = await new SequentialRunner().run(project.pipelines.__default__, catalog);
    expect(result).toEqual({ doubled: [2, 4, 6] });
    expect(await project.createCatalog().load('summary')).toEqual({ total: 12 });
    expect(catalog.getDataset('summary').ioInfo('save')?.path).toBe(`${root}/data/summary_local.json`);
  });

  it('ref() and loadProjectFromRef() reload the same project with the run versions', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'), { env: 'prod', runtimeParams: { scale: 5 } });
    const ref = project.ref({ saveVersion: '2024-01-01T00.00.00.000Z' });
    expect(ref).toEqual({
      root: project.root,
      env: 'prod',
      runtimeParams: { scale: 5 },
      loadVersions: undefined,
      saveVersion: '2024-01-01T00.00.00.000Z',
    });
    const again = await loadProjectFromRef(ref);
    expect(again.parameters.scale).toBe(5);
    expect(again.pipelines.clean).toBeInstanceOf(Pipeline);
  });
});

describe('dataset factories', () => {
  it('fill placeholders into the matching entry, most specific pattern first', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    const catalog = project.createCatalog();
    // '_model' has 6 literal characters, '__csv' 5, '_csv' 4.
    expect(project.datasetPatterns).toEqual(['{name}_model', '{layer}_{name}_csv', '{name}_csv']);
    expect(catalog.has('companies_csv')).toBe(true);
    const plain = catalog.getDataset('companies_csv') as CSVDataset;
    expect(plain.filepath).toBe('data/companies.csv');
    const layered = catalog.getDataset('raw_shuttles_csv') as CSVDataset;
    expect(layered.describe()).toEqual({ filepath: 'data/raw/shuttles.csv', load_args: { cast: false } });
    expect(layered[CATALOG_ENTRY]).toEqual({
      type: 'CSVDataset',
      filepath: 'data/raw/shuttles.csv',
      load_args: { cast: false },
    });
    expect(catalog.has('nothing_like_it')).toBe(false);
    expect(catalog.has('params:nope_csv')).toBe(false);
  });

  it('versioned pattern datasets share the catalog save version, and --load-versions pins a load', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    const v1 = '2024-01-01T00.00.00.000Z';
    const v2 = '2024-02-01T00.00.00.000Z';
    await project.createCatalog({ saveVersion: v1 }).save('reg_model', { w: 1 });
    await project.createCatalog({ saveVersion: v2 }).save('reg_model', { w: 2 });
    expect(await project.createCatalog().load('reg_model')).toEqual({ w: 2 });
    expect(await project.createCatalog({ loadVersions: { reg_model: v1 } }).load('reg_model')).toEqual({ w: 1 });
    expect((project.createDataset('reg_model') as PickleDataset).versions()).toEqual([v2, v1]);
  });

  it('a load_versions key not in the catalog is an error listing it', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    expect(() => project.createCatalog({ loadVersions: { zeta: 'x', alpha: 'y' } })).toThrow(
      "'load_versions' keys [alpha, zeta] are not found in the catalog.",
    );
    expect(() => project.createCatalog({ loadVersions: { raw: '2024-01-01T00.00.00.000Z' } })).toThrow(
      'not versioned: raw',
    );
  });
});

describe('pattern specificity', () => {
  it('more literal characters first, then more placeholders, then alphabetical', async () => {
    const { sortPatterns } = await import('../../src-main/project/dataset-patterns');
    expect(sortPatterns(['{x}', 'b_{x}', '{x}_{y}', 'a_{x}', '{x}{y}', 'raw_{x}_{y}'])).toEqual([
      'raw_{x}_{y}',
      'a_{x}',
      'b_{x}',
      '{x}_{y}',
      '{x}{y}',
      '{x}',
    ]);
  });
});
