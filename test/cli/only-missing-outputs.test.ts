// `pipewright run --only-missing-outputs` on a real project, with each built-in runner: what it
// skips, Kedro's log lines in our log format, what the history records, and that a resume keeps it.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainProject, pipewright, removeTempDirs } from '../history/helpers';

afterAll(removeTempDirs);

const LOGGER = {
  SequentialRunner: 'sequential_runner',
  ThreadRunner: 'thread_runner',
  ParallelRunner: 'parallel_runner',
} as const;

async function run(dir: string, args: string[]) {
  const r = await pipewright(['run', '--project', dir, ...args, '--json']).done;
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe.each(Object.keys(LOGGER) as Array<keyof typeof LOGGER>)('--only-missing-outputs with %s', (runner) => {
  it('skips the nodes whose persistent outputs exist, and runs what a missing one needs', async () => {
    const dir = chainProject();
    const flags = ['--runner', runner, '--only-missing-outputs'];
    const first = await run(dir, flags);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`- pipewright.runner.${LOGGER[runner]} - INFO - Running 3 out of 3 nodes`);
    expect(first.doc.nodes.map((n: { name: string }) => n.name)).toEqual(['clean', 'summarise', 'publish']);

    const second = await run(dir, flags);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `- pipewright.runner.${LOGGER[runner]} - INFO - Skipping all 3 nodes (all persistent outputs exist)`,
    );
    expect(second.doc.nodes).toEqual([]);

    rmSync(join(dir, 'data/report.txt'));
    const third = await run(dir, flags);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('INFO - Skipping 2 nodes with existing outputs: clean, summarise');
    expect(third.stderr).toContain('INFO - Running 1 out of 3 nodes');
    expect(third.stderr).toContain("DEBUG - Node 'publish' must run: has missing output 'report'");
    expect(third.doc.nodes.map((n: { name: string; status: string }) => `${n.name}:${n.status}`)).toEqual([
      'publish:done',
    ]);

    const shown = await pipewright(['show', third.doc.runId, '--project', dir, '--json']).done;
    expect(JSON.parse(shown.stdout).request).toMatchObject({ runner, onlyMissingOutputs: true });
  });
});

describe('--only-missing-outputs and resume', () => {
  it('a resumed run keeps the option, as every other option of the run it resumes', async () => {
    const dir = chainProject();
    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'slow_ms: 0\nfail: true\n');
    const failed = await run(dir, ['--only-missing-outputs']);
    expect(failed.code).toBe(1);
    expect(failed.doc.resumeFrom).toEqual(['clean']);
    expect(readdirSync(join(dir, 'data'))).toEqual(['raw.json']);

    // Failing again, a resumed run is resumed by its own id: its request came from the history.
    const again = await run(dir, ['--resume', failed.doc.runId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Resume with:\n  pipewright run --project ${dir} --resume ${again.doc.runId}\n`);

    writeFileSync(join(dir, 'conf/base/parameters.yml'), 'slow_ms: 0\nfail: false\n');
    const resumed = await run(dir, ['--resume', again.doc.runId]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('INFO - Running 3 out of 3 nodes');
    const shown = JSON.parse((await pipewright(['show', resumed.doc.runId, '--project', dir, '--json']).done).stdout);
    expect(shown.request).toEqual({
      pipeline: '__default__',
      runner: 'SequentialRunner',
      onlyMissingOutputs: true,
      fromNodes: ['clean'],
    });
    expect(shown.resumeOf).toBe(again.doc.runId);
  });
});
