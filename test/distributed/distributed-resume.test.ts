// The coordinator (the CLI) killed with SIGKILL mid-run while its workers live on: the history marks
// the run interrupted, and `--resume` reconciles with the run's jobs still in the queue. A job that
// completed counts as done, a running one is awaited, and only what never ran is queued.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, REPO, pipewright } from '../cli/cli-helpers';
import { waitFor } from '../wait-for';
import { distProject, traces } from './dist-project';
import { distSpawn } from './dist-run';
import { startRedis, type TestRedis } from './redis-server';
import { startWorker, stopWorkers } from './workers';

let redis: TestRedis;
let project: string;

beforeAll(async () => {
  redis = await startRedis();
  project = distProject();
  await Promise.all([startWorker(project, redis.url), startWorker(project, redis.url)]);
});

afterAll(async () => {
  await stopWorkers();
  await redis?.stop();
});

interface RunDoc {
  runId: string;
  status: string;
  nodes: Array<{ name: string; status: string; worker?: string }>;
}

it('after a SIGKILL of the coordinator, --resume takes over the running job and re-runs nothing that ran', async () => {
  const { child: coordinator, stderr: log } = distSpawn(project, redis.url, '--pipeline', 'held');
  const exited = new Promise((r) => coordinator.once('exit', r));
  // top has completed and hold is running on a worker (until the test releases it).
  await waitFor(
    'node hold to start',
    () => {
      if (coordinator.exitCode !== null) throw new Error(`the run ended first: ${log()}`);
      return traces(project).some(([n]) => n === 'hold');
    },
    60_000,
  );
  coordinator.kill('SIGKILL');
  await exited;

  const listed = await pipewright(['runs', '--project', project, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  const [interrupted] = (JSON.parse(listed.stdout) as { runs: Array<{ runId: string; status: string }> }).runs;
  expect(interrupted.status).toBe('interrupted');

  const resuming = pipewright(['run', '--project', project, '--resume', interrupted.runId, '--json']);
  // Once the resumed run has taken over the running job, the job may end.
  await waitFor(
    'the resume to take over the job',
    () => {
      const runs = execFileSync(process.execPath, [BIN, 'runs', '--project', project, '--json'], { cwd: REPO });
      return (JSON.parse(String(runs)) as { runs: Array<{ status: string }> }).runs.find((r) => r.status === 'running');
    },
    60_000,
  );
  writeFileSync(join(project, 'data', 'release'), '');
  const resumed = await resuming;
  expect(resumed.code, resumed.stderr).toBe(0);
  const doc = JSON.parse(resumed.stdout) as RunDoc;
  expect(doc.status).toBe('success');
  expect(doc.nodes.map((n) => [n.name, n.status])).toEqual([
    ['top', 'done'],
    ['hold', 'done'],
    ['bottom', 'done'],
  ]);
  // Every node ran once in all: top's job had completed, hold's was awaited on its worker.
  expect(traces(project).map(([n]) => n)).toEqual(['top', 'hold', 'bottom']);
  expect(resumed.stderr).toMatch(/Job \S+__top of run \S+ completed on \S+: top not run again/);
  expect(resumed.stderr).toMatch(/Job \S+__hold of run \S+ is still active: awaited, not queued again/);
  // bottom read hold's output from the interrupted run's scratch folder.
  expect(JSON.parse(readFileSync(join(project, 'data', 'result.json'), 'utf8'))).toEqual({ sum: 8 });
  const shown = await pipewright(['show', doc.runId, '--project', project, '--json']);
  expect((JSON.parse(shown.stdout) as { resumeOf: string }).resumeOf).toBe(interrupted.runId);
}, 120_000);
