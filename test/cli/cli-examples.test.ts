import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExample, pipewright, removeDir } from './cli-helpers';

const dirs: string[] = [];
const example = (name: string) => {
  const dir = copyExample(name);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

describe('examples/variance, as the README runs it', () => {
  it('computes the variance into the pickle file', async () => {
    const dir = example('variance');
    const r = await pipewright(['run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const v = deserialize(readFileSync(join(dir, 'data/07_model_output/variance.pickle')));
    expect(v).toBeCloseTo(0.666666666666667, 12);
  });

  it('the DryRunner lists the nodes and runs none', async () => {
    const dir = example('variance');
    const r = await pipewright(['run', '--project', dir, '--runner', 'src/runner.ts#DryRunner']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Actual run would execute 4 nodes:');
    expect(r.stderr).toContain('variance_node: variance([m;m2]) -> [v]');
    expect(r.stderr).not.toContain('Running node:');
    expect(existsSync(join(dir, 'data/07_model_output/variance.pickle'))).toBe(false);
  });

  it('an unknown custom runner export is a usage error', async () => {
    const r = await pipewright(['run', '--project', example('variance'), '--runner', 'src/runner.ts#WetRunner']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WetRunner/);
  });
});

describe('examples/spaceflights', () => {
  it('list --json shows its three pipelines, their nodes and dataset types', async () => {
    const r = await pipewright(['list', '--project', example('spaceflights'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { pipelines } = JSON.parse(r.stdout);
    expect(Object.keys(pipelines).sort()).toEqual(['__default__', 'data_processing', 'data_science', 'reporting']);
    const dp = pipelines.data_processing;
    expect(dp.nodes.map((n: { name: string }) => n.name)).toContain('create_model_input_table_node');
    expect(dp.datasets).toContainEqual({ name: 'companies', type: 'TableCSVDataset' });
    expect(dp.datasets).toContainEqual({ name: 'shuttles', type: 'ExcelDataset' });
    expect(dp.datasets).toContainEqual({ name: 'model_input_table', type: 'ParquetDataset' });
    expect(pipelines.__default__.nodes).toHaveLength(
      dp.nodes.length + pipelines.data_science.nodes.length + pipelines.reporting.nodes.length,
    );
  });

  it('runs end to end and writes the metrics; filters narrow what runs', async () => {
    const dir = example('spaceflights');
    const full = await pipewright(['run', '--project', dir, '--json']);
    expect(full.code, full.stderr).toBe(0);
    const metricsDir = join(dir, 'data/08_reporting');
    expect(existsSync(metricsDir)).toBe(true);

    const tagged = JSON.parse(
      (await pipewright(['run', '--project', dir, '--tags', 'preprocessing', '--json'])).stdout,
    );
    expect(tagged.nodes.map((n: { name: string }) => n.name).sort()).toEqual([
      'create_model_input_table_node',
      'preprocess_companies_node',
      'preprocess_shuttles_node',
    ]);

    const ns = JSON.parse(
      (
        await pipewright([
          'run',
          '--project',
          dir,
          '--pipeline',
          'data_science',
          '--namespace',
          'candidate_modelling_pipeline',
          '--json',
        ])
      ).stdout,
    );
    expect(ns.nodes.every((n: { name: string }) => n.name.startsWith('candidate_modelling_pipeline.'))).toBe(true);

    const to = JSON.parse(
      (await pipewright(['run', '--project', dir, '--to-nodes', 'preprocess_companies_node', '--json'])).stdout,
    );
    expect(to.nodes.map((n: { name: string }) => n.name)).toEqual(['preprocess_companies_node']);
  });

  it('versioned outputs: each run saves a version, --load-versions pins one', async () => {
    const dir = example('spaceflights');
    const first = JSON.parse((await pipewright(['run', '--project', dir, '--json'])).stdout);
    const second = JSON.parse((await pipewright(['run', '--project', dir, '--json'])).stdout);
    const versions = readdirSync(join(dir, 'data/06_models/active_modelling_pipeline/regressor.pickle')).sort();
    expect(versions).toEqual([first.runId, second.runId].sort());
    const pinned = JSON.parse(
      (
        await pipewright([
          'run',
          '--project',
          dir,
          '--pipeline',
          'data_science',
          '--json',
          '--load-versions',
          `active_modelling_pipeline.regressor:${first.runId}`,
        ])
      ).stdout,
    );
    const shown = JSON.parse((await pipewright(['show', pinned.runId, '--project', dir, '--json'])).stdout);
    const io = (kind: string) =>
      shown.io.find(
        (e: { dataset: string; kind: string }) =>
          e.dataset === 'active_modelling_pipeline.regressor' && e.kind === kind,
      );
    expect(io('save').version).toBe(pinned.runId);
    expect(io('load').version).toBe(first.runId);
    const bad = await pipewright(['run', '--project', dir, '--load-versions', 'nope:2020-01-01T00.00.00.000Z']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
  });
});
