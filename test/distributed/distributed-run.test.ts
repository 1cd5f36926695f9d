// DistributedRunner end to end: a Redis server of our own, two real `pipewright worker` processes,
// and runs through the CLI as a user starts them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipewright, type CliResult } from '../cli/cli-helpers';
import { waitFor } from '../wait-for';
import { distProject, traces } from './dist-project';
import { distRun, distSpawn } from './dist-run';
import { startRedis, type TestRedis } from './redis-server';
import { startWorker, stopWorkers, type TestWorker } from './workers';

let redis: TestRedis;
let project: string;
let workers: TestWorker[];

const run = (args: string[]): Promise<CliResult> => distRun(project, redis.url, ...args);

interface RunDoc {
  runId: string;
  status: string;
  maxWorkers: number;
  nodes: Array<{ name: string; status: string; worker?: string; error?: { message: string } }>;
}
const doc = (r: CliResult): RunDoc => JSON.parse(r.stdout) as RunDoc;

beforeAll(async () => {
  redis = await startRedis();
  project = distProject();
  workers = await Promise.all([startWorker(project, redis.url), startWorker(project, redis.url)]);
});

afterAll(async () => {
  await stopWorkers();
  await redis?.stop();
});

describe('DistributedRunner', () => {
  it('runs a diamond on both workers, with the result and the free outputs in place', async () => {
    const r = await run([]);
    expect(r.code, r.stderr).toBe(0);
    const d = doc(r);
    expect(d.status).toBe('success');
    expect(d.nodes.map((n) => n.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(JSON.parse(readFileSync(join(project, 'data', 'result.json'), 'utf8'))).toEqual({ sum: 4 * 2 + 4 * 3 });
    // Every node ran on a worker process, named host:pid, and both workers took part.
    const pids = new Set(d.nodes.map((n) => Number(n.worker!.split(':').pop())));
    expect([...pids].every((p) => workers.some((w) => w.pid === p))).toBe(true);
    expect(pids.size).toBe(2);
    // Unregistered datasets went to the run's scratch folder.
    const scratch = join(project, '.pipewright', 'scratch', d.runId);
    expect(['a.v8', 'l.v8', 'r.v8'].every((f) => existsSync(join(scratch, f)))).toBe(true);
    // The history has the run as the CLI reported it.
    const shown = await pipewright(['show', d.runId, '--project', project, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(d.nodes[1].worker!);
  });

  it("reports the worker processes connected (not this machine's cores) and keeps each run's parameters apart", async () => {
    const third = await startWorker(project, redis.url);
    try {
      const r = await run(['--params', 'x=5']);
      expect(r.code, r.stderr).toBe(0);
      expect(doc(r).maxWorkers).toBe(3);
      // Its workers ran the run before this one: their warm catalogs are that run's, not this one's.
      expect(JSON.parse(readFileSync(join(project, 'data', 'result.json'), 'utf8'))).toEqual({ sum: 6 * 2 + 6 * 3 });
      const again = await run([]);
      expect(JSON.parse(readFileSync(join(project, 'data', 'result.json'), 'utf8'))).toEqual({ sum: 4 * 2 + 4 * 3 });
      expect(doc(again).maxWorkers).toBe(3);
    } finally {
      await third.stop();
    }
  });

  it('retries a retryable node that failed, and succeeds', async () => {
    const r = await run(['--pipeline', 'retry']);
    expect(r.code, r.stderr).toBe(0);
    expect(traces(project).filter(([n]) => n === 'flaky')).toHaveLength(2);
    expect(r.stderr).toMatch(
      /Node flaky failed on \S+ \(try 1 of 3\) and will be tried again: flaky failed on its first try/,
    );
  });

  it('fails for good on an exception, then --resume runs the rest without re-running its producer', async () => {
    const before = traces(project).filter(([n]) => n === 'top').length;
    const r = await run(['--pipeline', 'fragile']);
    expect(r.code).toBe(1);
    const d = doc(r);
    expect(d.status).toBe('failed');
    expect(d.nodes.find((n) => n.name === 'fragile')?.error?.message).toContain('fragile is not fixed yet');
    // An exception of a node not tagged retryable is not tried again.
    expect(traces(project).filter(([n]) => n === 'fragile')).toHaveLength(1);
    expect(r.stderr).toContain('--from-nodes "fragile"');

    writeFileSync(join(project, 'data', 'fixed'), '');
    const resumed = await pipewright(['run', '--project', project, '--resume', d.runId, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(doc(resumed).nodes.map((n) => n.name)).toEqual(['fragile']);
    expect(JSON.parse(readFileSync(join(project, 'data', 'result.json'), 'utf8'))).toEqual({ fixed: 4 });
    expect(traces(project).filter(([n]) => n === 'top').length).toBe(before + 1);
  });

  it('refuses a MemoryDataset between jobs before enqueuing anything; --group-by memory keeps them together', async () => {
    const client = redis.client();
    const jobsBefore = (await client.keys('pipewright:nodes:*__*')).length;
    const refused = await run(['--pipeline', 'memory']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "a MemoryDataset cannot pass between jobs: 'shared' (written by 'top', read by 'left')",
    );
    expect(refused.stderr).toContain('--group-by memory');
    expect((await client.keys('pipewright:nodes:*__*')).length).toBe(jobsBefore);

    const grouped = await run(['--pipeline', 'memory', '--group-by', 'memory']);
    expect(grouped.code, grouped.stderr).toBe(0);
    const d = doc(grouped);
    const jobs = (await client.keys(`pipewright:nodes:${d.runId}__*`)).map((k) => k.split('__')[1]).sort();
    expect(jobs).toEqual(['right', 'top+1']);
    const top = d.nodes.find((n) => n.name === 'top')!;
    expect(d.nodes.find((n) => n.name === 'left')!.worker).toBe(top.worker);
  });

  it('refuses a SQLite database written from two jobs', async () => {
    const r = await run(['--pipeline', 'sqlite']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /SQLite database \S*db\.sqlite would be written from 2 jobs \(write_a, write_b; datasets rows_a, rows_b\)/,
    );
  });

  it('refuses a grouping whose groups depend on each other in a cycle', async () => {
    const r = await run(['--pipeline', 'cyclic', '--group-by', 'memory']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--group-by memory makes groups that depend on each other in a cycle: split+1 -> check -> split+1',
    );
  });

  it('groups by namespace: one job per namespace', async () => {
    const r = await run(['--pipeline', 'spaces', '--group-by', 'namespace']);
    expect(r.code, r.stderr).toBe(0);
    const d = doc(r);
    const jobs = (await redis.client().keys(`pipewright:nodes:${d.runId}__*`)).map((k) => k.split('__')[1]).sort();
    expect(jobs).toEqual(['model', 'prep']);
  });

  it('cancels mid-run: the running node is stopped on its worker and nothing more runs', async () => {
    writeFileSync(join(project, 'data', 'trace.log'), '');
    const { child, stderr } = distSpawn(project, redis.url, '--pipeline', 'slow');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor('node slow to start', () => traces(project).some(([n]) => n === 'slow'), 60_000);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr()).toMatch(/status: cancelled|cancelled/i);
    // The slow node was stopped: its worker is idle again well before the node could have finished.
    const client = redis.client();
    const idle = async () =>
      (await client.mget(...(await client.keys('pipewright:worker:*'))))
        .map((v) => JSON.parse(v!) as { active: number })
        .every((w) => w.active === 0);
    const until = Date.now() + 4000;
    let allIdle = false;
    while (!allIdle && Date.now() < until) {
      allIdle = await idle();
      if (!allIdle) await new Promise((r) => setTimeout(r, 200));
    }
    expect(allIdle).toBe(true);
    expect(traces(project).some(([n]) => n === 'bottom')).toBe(false);
  });

  it('re-runs a node elsewhere when its worker is killed with SIGKILL, and the run succeeds', async () => {
    writeFileSync(join(project, 'data', 'trace.log'), '');
    const running = run(['--pipeline', 'slow']);
    const [, pid] = await waitFor('node slow to start', () => traces(project).find(([n]) => n === 'slow'), 60_000);
    const victim = workers.find((w) => w.pid === pid)!;
    expect(victim).toBeDefined();
    writeFileSync(join(project, 'data', 'short'), ''); // the second try ends at once
    process.kill(pid, 'SIGKILL');
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
    const slowRuns = traces(project).filter(([n]) => n === 'slow');
    expect(slowRuns.map(([, p]) => p)).toEqual([pid, workers.find((w) => w !== victim)!.pid]);
    expect(doc(r).nodes.find((n) => n.name === 'slow')!.worker).toMatch(
      new RegExp(`:${workers.find((w) => w !== victim)!.pid}$`),
    );
  });
});
