import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipewright, removeDir, writeProject } from './cli-helpers';

// raw → double (memory) → report (file) → publish (file); `report` throws until the code is fixed.
const NODES_BROKEN = [
  'export const double = (xs: number[]) => xs.map((x) => x * 2);',
  "export const report = (xs: number[], title: string) => { if (xs.length) throw new Error('report is broken'); return { title, xs }; };",
  'export const publish = (r: unknown) => JSON.stringify(r);',
].join('\n');
const NODES_FIXED = NODES_BROKEN.replace("if (xs.length) throw new Error('report is broken'); ", '');

let dir: string;
beforeAll(() => {
  dir = writeProject({
    'conf/base/catalog.yml':
      'raw:\n  type: JSONDataset\n  filepath: data/raw.json\nreport:\n  type: JSONDataset\n  filepath: data/report.json\npublished:\n  type: TextDataset\n  filepath: data/published.txt\n',
    'conf/base/parameters.yml': 'title: weekly\n',
    'data/raw.json': '[1, 2, 3]',
    'src/nodes.ts': NODES_BROKEN,
    'src/pipeline_registry.ts': [
      "import { node, pipeline } from 'pipewright';",
      "import { double, report, publish } from './nodes';",
      'export const registerPipelines = () => ({',
      "  __default__: pipeline([node(double, 'raw', 'doubled', { name: 'double' }), node(report, ['doubled', 'params:title'], 'report', { name: 'report' }), node(publish, 'report', 'published', { name: 'publish' })]),",
      '});',
    ].join('\n'),
  });
});
afterAll(() => removeDir(dir));

const json = async (args: string[]) => {
  const r = await pipewright([...args, '--project', dir, '--json']);
  expect(r.stderr).not.toMatch(/^Error:/m);
  return JSON.parse(r.stdout);
};

describe('the run history through the CLI', () => {
  let failedId: string;

  it('records a failed run, newest first, with its nodes and resume point', async () => {
    const ok = await pipewright(['run', '--project', dir, '--nodes', 'double']);
    expect(ok.code).toBe(0);
    const failed = await pipewright(['run', '--project', dir, '--params', 'title=monthly']);
    expect(failed.code).toBe(1);

    const { runs } = await json(['runs']);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['failed', 'success']);
    failedId = runs[0].runId;
    expect(runs[0]).toMatchObject({
      pipeline: '__default__',
      runner: 'SequentialRunner',
      nodeCount: 3,
      nodesDone: 1,
      failedNodes: ['report'],
    });

    const table = await pipewright(['runs', '--project', dir, '--status', 'failed']);
    expect(table.stdout).toContain(failedId);
    expect(table.stdout).toContain('1/3 (1 failed)');
    expect(table.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('shows a run: nodes, the error with its stack, parameters, and the resume command', async () => {
    const run = await json(['show', failedId]);
    expect(run.nodes.map((n: { name: string; status: string }) => `${n.name}:${n.status}`)).toEqual([
      'double:done',
      'report:failed',
      'publish:skipped',
    ]);
    expect(run.request).toEqual({ pipeline: '__default__', runner: 'SequentialRunner', params: { title: 'monthly' } });
    expect(run.parameters).toMatchObject({ title: 'monthly' });
    expect(run.resumeFrom).toEqual(['double']);
    expect(run.nodes[1].error.message).toBe('report is broken');
    expect(run.nodes[1].error.stack).toContain('report');
    expect(run.logs.some((l: { message: string }) => l.message.includes('Running node: double'))).toBe(true);

    const text = await pipewright(['show', failedId, '--project', dir]);
    expect(text.stdout).toContain("Node 'report' failed: report is broken");
    expect(text.stdout).toContain(`pipewright run --project ${dir} --resume ${failedId}`);
  });

  it('an unknown run id is a usage error listing recent runs', async () => {
    const r = await pipewright(['show', 'no-such-run', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No run 'no-such-run'");
    expect(r.stderr).toContain(failedId);
  });

  it("--resume runs the remaining nodes with the failed run's parameters once the code is fixed", async () => {
    writeFileSync(join(dir, 'src/nodes.ts'), NODES_FIXED);
    const r = await pipewright(['run', '--project', dir, '--resume', failedId, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.nodes.map((n: { name: string }) => n.name)).toEqual(['double', 'report', 'publish']);
    expect(JSON.parse(readFileSync(join(dir, 'data/report.json'), 'utf8'))).toEqual({
      title: 'monthly',
      xs: [2, 4, 6],
    });

    const resumed = await json(['show', doc.runId]);
    expect(resumed.resumeOf).toBe(failedId);
    const again = await pipewright(['run', '--project', dir, '--resume', doc.runId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('nothing to resume');
  });
});
