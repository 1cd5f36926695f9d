import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SequentialRunner } from '../../src-main/engine';
import { ProjectError, loadProject } from '../../src-main/project';
import { REGISTRY_ONE, rejection, writeProject } from './project-helpers';

const withCatalog = (catalog: string, extra: Record<string, string> = {}) =>
  writeProject({ 'conf/base/catalog.yml': catalog, 'src/pipeline_registry.ts': REGISTRY_ONE, ...extra });

describe('errors say what is wrong and where', () => {
  it('a folder that is not a project says what is missing', async () => {
    const dir = writeProject({ 'README.md': 'hi' });
    const err = await rejection(loadProject(dir));
    expect(err).toBeInstanceOf(ProjectError);
    expect(err.message).toBe(
      `'${dir}' is not a Pipewright project: it has no conf/base/ folder and no src/pipeline_registry.ts, src/pipeline_registry.js, src/pipeline_registry.mjs. A project needs at least one of them (see examples/variance).`,
    );
    expect((await rejection(loadProject(join(dir, 'nope')))).message).toBe(
      `Project folder '${join(dir, 'nope')}' does not exist.`,
    );
  });

  it('malformed YAML gives the file, line and column', async () => {
    const dir = withCatalog('raw:\n  type: JSONDataset\n filepath: x.json\n');
    const err = await rejection(loadProject(dir));
    expect(err).toBeInstanceOf(ProjectError);
    expect(err.message).toMatch(/^Malformed YAML in conf\/base\/catalog\.yml:3:\d+: /);
    const params = writeProject({ 'conf/base/parameters.yml': 'a: [1, 2\n', 'src/pipeline_registry.ts': REGISTRY_ONE });
    expect((await rejection(loadProject(params))).message).toMatch(
      /^Malformed YAML in conf\/base\/parameters\.yml:\d+:\d+: /,
    );
  });

  it('every unknown type is named in one error, with its file and a did-you-mean; only a run that uses one is refused', async () => {
    const dir = withCatalog('raw:\n  type: JSONDataset\n  filepath: a.json\nb:\n  type: MemoryDatset\n', {
      'conf/local/catalog.yml': 'cars:\n  type: pandas.ExelDataset\n  filepath: cars.xlsx\n',
    });
    const project = await loadProject(dir);
    const listing =
      "The catalog has 2 entries that cannot be built:\n  - 'b' in conf/base/catalog.yml: unknown type 'MemoryDatset' (did you mean 'MemoryDataset'?)\n" +
      "  - 'cars' in conf/local/catalog.yml: unknown type 'pandas.ExelDataset' (did you mean 'pandas.ExcelDataset'?)\nKnown types: CSVDataset, JSONDataset,";
    expect(project.catalogError?.message).toContain(listing);
    const catalog = project.createCatalog();
    catalog.addFeedDict({ a: 1 });
    const ran = await rejection(new SequentialRunner().run(project.pipelines.one, catalog));
    expect(ran.message).toContain(`Dataset 'b' cannot be built. ${listing}`);
  });

  it('an entry that is not a mapping, or has no type, is named with its file', async () => {
    expect((await rejection(loadProject(withCatalog('raw: data/raw.csv\n')))).message).toMatch(
      /^Catalog entry 'raw' in conf\/base\/catalog\.yml is not a valid dataset configuration: expected a mapping with a 'type', got "data\/raw.csv"\.\nHint: .*underscore/,
    );
    expect((await rejection(loadProject(withCatalog('raw:\n  filepath: a.csv\n')))).message).toBe(
      "Catalog entry 'raw' in conf/base/catalog.yml has no 'type': write the dataset's type, e.g. 'type: CSVDataset'.",
    );
  });

  it('bad dataset arguments are named with the dataset and file; a run that never uses the entry still runs', async () => {
    const project = await loadProject(withCatalog('t:\n  type: SQLTableDataset\n  filepath: db.sqlite\n'));
    expect(project.catalogError?.message).toBe(
      "The catalog has 1 entry that cannot be built:\n  - 't' in conf/base/catalog.yml: (SQLTableDataset): SQLTableDataset needs a 'table_name', got undefined.",
    );
    const catalog = project.createCatalog();
    catalog.addFeedDict({ a: 1 });
    expect(await new SequentialRunner().run(project.pipelines.one, catalog)).toEqual({ b: 2 });
  });

  it('a key defined in two files of one environment is refused', async () => {
    const dir = withCatalog('raw:\n  type: MemoryDataset\n', {
      'conf/base/catalog_more.yml': 'raw:\n  type: MemoryDataset\n',
    });
    expect((await rejection(loadProject(dir))).message).toBe(
      "Duplicate key 'raw' in conf/base/catalog.yml and conf/base/catalog_more.yml: a key may appear in only one file of an environment.",
    );
  });

  it('two catch-all patterns, or a placeholder the pattern lacks, are refused', async () => {
    const two = withCatalog('"{a}":\n  type: MemoryDataset\n"{b}":\n  type: MemoryDataset\n');
    expect((await rejection(loadProject(two))).message).toMatch(
      /^Multiple catch-all patterns found in the catalog: '\{a\}'/,
    );
    const missing = withCatalog('"{name}_csv":\n  type: CSVDataset\n  filepath: data/{other}.csv\n');
    expect((await rejection(loadProject(missing))).message).toMatch(/^Unable to resolve '\{other\}'/);
  });

  it('a missing data file at run time names the dataset and the path', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': 'companies:\n  type: CSVDataset\n  filepath: data/01_raw/companies.csv\n',
      'src/pipeline_registry.ts': [
        "import { node, pipeline } from 'pipewright';",
        "export const registerPipelines = () => ({ __default__: pipeline([node((c: unknown[]) => c.length, 'companies', 'n', { name: 'count' })]) });",
      ].join('\n'),
    });
    const project = await loadProject(dir);
    const err = await rejection(new SequentialRunner().run(project.pipelines.__default__, project.createCatalog()));
    expect(err.message).toContain("Failed while loading data from dataset 'companies'");
    expect(err.message).toContain('Failed to load data/01_raw/companies.csv: file not found');
  });

  it('a registry that throws, or has a syntax error, is named with the error', async () => {
    const throwing = writeProject({
      'src/pipeline_registry.ts': "export function registerPipelines() { throw new Error('no pipelines today'); }",
    });
    expect((await rejection(loadProject(throwing))).message).toBe(
      'registerPipelines() in src/pipeline_registry.ts failed: no pipelines today',
    );
    const broken = writeProject({
      'src/pipeline_registry.ts': 'export function registerPipelines() {\n  return {\n}\n',
    });
    const err = await rejection(loadProject(broken));
    expect(err.message).toMatch(/^Failed to load src\/pipeline_registry\.ts: /);
    expect(err.message).toMatch(/pipeline_registry\.ts:\d+:\d+|\(\d+:\d+\)/);
    const notPipelines = writeProject({ 'src/pipeline_registry.js': 'exports.registerPipelines = () => ({ a: 1 });' });
    expect((await rejection(loadProject(notPipelines))).message).toMatch(/returned 'a' that is not a Pipeline/);
    const noExport = writeProject({ 'src/pipeline_registry.mjs': 'export const pipelines = {};' });
    expect((await rejection(loadProject(noExport))).message).toBe(
      'src/pipeline_registry.mjs must export a function registerPipelines() that returns a record of pipelines by name.',
    );
  });

  it('a project dataset type that is not a dataset class is refused', async () => {
    const dir = withCatalog('x:\n  type: src/datasets.ts#Nope\n', { 'src/datasets.ts': 'export class Nope {}\n' });
    expect((await rejection(loadProject(dir))).message).toBe(
      "'src/datasets.ts#Nope' (the type of dataset 'x' in conf/base/catalog.yml) is not a dataset class: export a class that extends AbstractDataset from 'pipewright'.",
    );
    const gone = withCatalog('x:\n  type: src/datasets.ts#Gone\n', { 'src/datasets.ts': 'export class Nope {}\n' });
    expect((await rejection(loadProject(gone))).message).toBe(
      "Dataset type of dataset 'x' in conf/base/catalog.yml: module src/datasets.ts has no export 'Gone' (it exports Nope).",
    );
  });

  it("an environment named 'base' or with a path in it is refused", async () => {
    const dir = withCatalog('raw:\n  type: MemoryDataset\n');
    mkdirSync(join(dir, 'conf', 'local'), { recursive: true });
    expect((await rejection(loadProject(dir, { env: 'base' }))).message).toMatch(/cannot be 'base'/);
    expect((await rejection(loadProject(dir, { env: '../x' }))).message).toBe(
      "'../x' is not a valid environment name.",
    );
  });
});
