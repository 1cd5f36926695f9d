// `pipewright run --changed` and `pipewright status` on a real project, through the CLI: for each
// kind of change, exactly which nodes run, and what the log says of each.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipewright, removeDir } from '../cli/cli-helpers';
import { changedProject } from './changed-project';

let dir: string;

async function run(args: string[]) {
  const r = await pipewright(['run', '--project', dir, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as {
    runId: string;
    runner: string;
    nodes: Array<{ name: string; status: string }>;
  };
  return { ran: doc.nodes.map((n) => n.name), log: r.stderr, doc };
}

const edit = (file: string, from: string, to: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};

beforeAll(async () => {
  dir = changedProject();
  const first = await run([]);
  expect(first.ran.sort()).toEqual(['clean', 'report', 'scale', 'side', 'total']);
});
afterAll(() => removeDir(dir));

describe('pipewright run --changed', () => {
  it('runs nothing when nothing changed, and says why of each node', async () => {
    const r = await run(['--changed']);
    expect(r.ran).toEqual([]);
    for (const node of ['clean', 'scale', 'total', 'report', 'side'])
      expect(r.log).toMatch(new RegExp(`Skipping node '${node}': unchanged since run \\S+`));
    expect(r.log).toContain('All 5 nodes are unchanged');
  });

  it('with --parallel and nothing changed: no node runs, and the run is recorded as ParallelRunner', async () => {
    const r = await run(['--changed', '--parallel']);
    expect(r.ran).toEqual([]);
    expect(r.doc.runner).toBe('ParallelRunner');
    expect(r.log).toContain('All 5 nodes are unchanged');
  });

  it("a function's body: that node and everything downstream", async () => {
    edit('src/clean.ts', 'x >= 0', 'x > 0');
    const r = await run(['--changed']);
    expect(r.ran.sort()).toEqual(['clean', 'report', 'scale', 'total']);
    expect(r.log).toContain("Re-running node 'clean': code changed (src/clean.ts)");
    expect(r.log).toContain("Re-running node 'scale': upstream node 'clean' re-runs (input 'cleaned')");
    expect((await run(['--changed'])).ran).toEqual([]);
  });

  it('an imported helper: its importer and downstream, the memory dataset it needs read from the store', async () => {
    edit('src/helpers.ts', 'a + b, 0', 'a + b, 1');
    const r = await run(['--changed']);
    expect(r.ran.sort()).toEqual(['report', 'total']);
    expect(r.log).toContain("Re-running node 'total': code changed (src/helpers.ts)");
    expect(r.log).toMatch(/Skipping node 'scale': unchanged since run \S+/);
    expect(r.log).toMatch(/Loaded 'scaled' from the store \(run \S+\)/);
    expect(JSON.parse(readFileSync(join(dir, 'data/summary.json'), 'utf8'))).toEqual({
      total: 1 + 3 * (3 + 4 + 1 + 5),
    });
  });

  it('a parameter: only the nodes that read it, and downstream', async () => {
    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'factor: 3\noffset: 11\n');
    const r = await run(['--changed']);
    expect(r.ran).toEqual(['side']);
    expect(r.log).toContain("Re-running node 'side': parameter 'offset' changed");
    expect(JSON.parse(readFileSync(join(dir, 'data/side_out.json'), 'utf8'))).toEqual([12, 13]);
  });

  it('a parameter given with --params counts as a change, and so does taking it away', async () => {
    expect((await run(['--changed', '--params', 'offset=11'])).ran).toEqual([]);
    expect((await run(['--changed', '--params', 'offset=12'])).ran).toEqual(['side']);
    expect((await run(['--changed'])).ran).toEqual(['side']);
  });

  it('an input file: the nodes that read it', async () => {
    writeFileSync(join(dir, 'data/other_raw.json'), '[1, 2, 3]');
    const r = await run(['--changed']);
    expect(r.ran).toEqual(['side']);
    expect(r.log).toContain("Re-running node 'side': input 'other_raw' changed");
  });

  it('a deleted output: its producer only', async () => {
    rmSync(join(dir, 'data/report.txt'));
    const r = await run(['--changed']);
    expect(r.ran).toEqual(['report']);
    expect(r.log).toContain("Re-running node 'report': missing output 'report'");
    expect(readFileSync(join(dir, 'data/report.txt'), 'utf8')).toBe('total 40\n');
  });

  it('an output edited by hand: its producer (the memory dataset it needs from the store) and downstream', async () => {
    writeFileSync(join(dir, 'data/summary.json'), '{"total": 0}');
    const r = await run(['--changed']);
    expect(r.ran.sort()).toEqual(['report', 'total']);
    expect(r.log).toMatch(/Re-running node 'total': output 'summary' changed since run \S+ saved it/);
    expect(readFileSync(join(dir, 'data/summary.json'), 'utf8')).toContain('40');
  });
});

describe('pipewright status', () => {
  it('lists the stale nodes and why, and what is up to date', async () => {
    edit('src/scale.ts', 'x * factor', 'x * factor * 1');
    rmSync(join(dir, 'data/side_out.json'));
    const r = await pipewright(['status', '--project', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Pipeline __default__: 4 of 5 nodes stale');
    expect(r.stdout).toMatch(/ {2}scale\n {6}code changed \(src\/scale.ts\)/);
    expect(r.stdout).toMatch(/ {2}side\n {6}missing output 'side_out'/);
    expect(r.stdout).toMatch(/Up to date:\n {2}clean \(as in run \S+\)/);
    const json = JSON.parse((await pipewright(['status', '--project', dir, '--json'])).stdout);
    expect(json.stale.map((s: { node: string }) => s.node).sort()).toEqual(['report', 'scale', 'side', 'total']);
    // status only looks: the run that follows finds the same nodes stale.
    expect((await run(['--changed'])).ran.sort()).toEqual(['report', 'scale', 'side', 'total']);
  });
});
