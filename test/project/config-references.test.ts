import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src-main/project';
import { pipewright } from '../cli/cli-helpers';
import { rejection, writeProject } from './project-helpers';

const REGISTRY = [
  "import { node, pipeline } from 'pipewright';",
  'export function registerPipelines() {',
  "  return { p: pipeline([node((a: unknown) => a, 'params:model', 'out', { name: 'show' })]) };",
  '}',
].join('\n');

describe('${...} references in config, as OmegaConfigLoader resolves them', () => {
  it('parameters refer to parameters (typed when whole, text inside a string), relatively too', async () => {
    const project = await loadProject(
      writeProject({
        'conf/base/parameters.yml': [
          'base_rate: 0.5',
          'model:',
          '  rate: ${base_rate}',
          '  label: rate=${base_rate}',
          '  options: ${defaults}',
          '  sibling: ${.rate}',
          '  first_feature: ${features[0]}',
          'defaults: { depth: 3 }',
          'features: [engines, crew]',
          'literal: \\${not_a_reference}',
        ].join('\n'),
      }),
    );
    expect(project.parameters.model).toEqual({
      rate: 0.5,
      label: 'rate=0.5',
      options: { depth: 3 },
      sibling: 0.5,
      first_feature: 'engines',
    });
    expect(project.parameters.literal).toBe('${not_a_reference}');
  });

  it('references resolve over base and the environment merged, so an environment changes what base refers to', async () => {
    const project = await loadProject(
      writeProject({
        'conf/base/parameters.yml': 'size: 1\nmodel: { size: "${size}" }\n',
        'conf/local/parameters.yml': 'size: 7\n',
      }),
    );
    expect(project.parameters.model).toEqual({ size: 7 });
  });

  it('catalog entries refer to catalog keys (`_` names hold values and are not datasets)', async () => {
    const project = await loadProject(
      writeProject({
        'conf/base/catalog.yml':
          '_raw: data/01_raw\ncompanies:\n  type: CSVDataset\n  filepath: ${_raw}/companies.csv\n',
      }),
    );
    expect(Object.keys(project.catalogConfig)).toEqual(['companies']);
    expect(project.catalogConfig.companies.filepath).toBe('data/01_raw/companies.csv');
  });

  it('globals.yml feeds ${globals:key} (environment over base) and ${globals:key,default}', async () => {
    const project = await loadProject(
      writeProject({
        'conf/base/globals.yml': 'paths: { raw: data/01_raw }\nbucket: base-bucket\nseed: 1\n',
        'conf/local/globals.yml': 'bucket: local-bucket\n',
        'conf/base/catalog.yml': 'companies:\n  type: CSVDataset\n  filepath: ${globals:paths.raw}/companies.csv\n',
        'conf/base/parameters.yml':
          'bucket: ${globals:bucket}\nseed: ${globals:seed}\nmissing: ${globals:not_there,42}\n',
      }),
    );
    expect(project.catalogConfig.companies.filepath).toBe('data/01_raw/companies.csv');
    expect(project.parameters).toMatchObject({ bucket: 'local-bucket', seed: 1, missing: 42 });
  });

  it('${runtime_params:key} takes --params, with a default otherwise; a real CLI run reads it', async () => {
    const files = {
      'conf/base/parameters.yml':
        'model:\n  alpha: ${runtime_params:alpha,0.1}\n  name: ${runtime_params:who,nobody}\n',
      'conf/base/catalog.yml':
        'out:\n  type: JSONDataset\n  filepath: data/${runtime_params:folder,default}/out.json\n',
      'src/pipeline_registry.ts': REGISTRY,
    };
    const dir = writeProject(files);
    expect((await loadProject(dir)).parameters.model).toEqual({ alpha: 0.1, name: 'nobody' });
    const res = await pipewright(['run', '--project', dir, '--params', 'alpha=0.9,folder=custom', '--json']);
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    expect(JSON.parse(readFileSync(`${dir}/data/custom/out.json`, 'utf8'))).toEqual({ alpha: 0.9, name: 'nobody' });
  });

  it('an unknown reference names the file, the key and the reference', async () => {
    const dir = writeProject({ 'conf/base/parameters.yml': 'model:\n  rate: ${learning.rate}\n' });
    const err = await rejection(loadProject(dir));
    expect(err.message).toContain('${learning.rate}');
    expect(err.message).toContain('conf/base/parameters.yml');
    expect(err.message).toContain("key 'model.rate'");
    const g = await rejection(
      loadProject(
        writeProject({ 'conf/base/catalog.yml': 'a:\n  type: TextDataset\n  filepath: ${globals:nope}/a.txt\n' }),
      ),
    );
    expect(g.message).toMatch(/\$\{globals:nope\} in conf\/base\/catalog\.yml, key 'a\.filepath'.*no key 'nope'/);
    const r = await rejection(loadProject(writeProject({ 'conf/base/parameters.yml': 'a: ${runtime_params:x}\n' })));
    expect(r.message).toMatch(/--params has no key 'x'/);
    const u = await rejection(loadProject(writeProject({ 'conf/base/parameters.yml': 'a: ${oc.env:HOME}\n' })));
    expect(u.message).toMatch(/credentials\.yml only/);
  });

  it('a cycle is an error naming the file and the chain of keys', async () => {
    const err = await rejection(
      loadProject(writeProject({ 'conf/base/parameters.yml': 'a: ${b}\nb: { c: "${a}" }\n' })),
    );
    expect(err.message).toBe("Circular reference in conf/base/parameters.yml, key 'a': a -> b -> b.c -> a.");
  });

  it('a reference cannot reach a prototype', async () => {
    const err = await rejection(
      loadProject(writeProject({ 'conf/base/parameters.yml': 'a: ${b.__proto__}\nb: {}\n' })),
    );
    expect(err.message).toContain("The key '__proto__'");
    const g = await rejection(
      loadProject(
        writeProject({ 'conf/base/globals.yml': 'x: 1\n', 'conf/base/parameters.yml': 'a: ${globals:constructor}\n' }),
      ),
    );
    expect(g.message).toContain("The key 'constructor'");
  });

  it('a bad reference is a bad project for the CLI: exit 2 with the message, no stack', async () => {
    const dir = writeProject({
      'conf/base/parameters.yml': 'model:\n  rate: ${nope}\n',
      'src/pipeline_registry.ts': REGISTRY,
    });
    const res = await pipewright(['run', '--project', dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Unknown reference ${nope} in conf/base/parameters.yml, key 'model.rate'");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
