// A worker killed mid-node: its job runs again elsewhere once its lock lapses, as many times as
// `--attempts` allows (tries in all, the killed ones included), and no more.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { CliResult } from '../cli/cli-helpers';
import { waitFor } from '../wait-for';
import { distProject, traces } from './dist-project';
import { distRun } from './dist-run';
import { startRedis, type TestRedis } from './redis-server';
import { startWorker, stopWorkers } from './workers';

const servers: TestRedis[] = [];
afterEach(stopWorkers);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

interface RunDoc {
  status: string;
  nodes: Array<{ name: string; status: string; worker?: string; error?: { message: string } }>;
}

/** Starts the `slow` pipeline on three workers and kills, twice, the worker that is running node slow. */
async function killTwice(attempts: number, shortAfterKills: boolean): Promise<{ r: CliResult; killed: number[] }> {
  const redis = await startRedis();
  servers.push(redis);
  const project = distProject();
  const workers = await Promise.all([0, 1, 2].map(() => startWorker(project, redis.url)));
  const running = distRun(project, redis.url, '--pipeline', 'slow', '--attempts', String(attempts));
  const killed: number[] = [];
  for (let k = 0; k < 2; k++) {
    const [, pid] = await waitFor(
      `node slow to start (try ${k + 1})`,
      () => traces(project).filter(([n]) => n === 'slow')[k],
      60_000,
    );
    expect(workers.some((w) => w.pid === pid)).toBe(true);
    if (k === 1 && shortAfterKills) writeFileSync(join(project, 'data', 'short'), '');
    process.kill(pid, 'SIGKILL');
    killed.push(pid);
  }
  return { r: await running, killed };
}

it('with --attempts 3, a job whose worker is killed twice runs a third time elsewhere and the run succeeds', async () => {
  const { r, killed } = await killTwice(3, true);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as RunDoc;
  expect(doc.status).toBe('success');
  const worker = doc.nodes.find((n) => n.name === 'slow')!.worker!;
  expect(killed.some((pid) => worker.endsWith(`:${pid}`))).toBe(false);
}, 120_000);

it('with --attempts 2, a job whose worker is killed twice fails for good, saying why', async () => {
  const { r } = await killTwice(2, false);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as RunDoc;
  expect(doc.status).toBe('failed');
  const slow = doc.nodes.find((n) => n.name === 'slow')!;
  expect(slow.status).toBe('failed');
  expect(slow.error!.message).toMatch(
    /stopped answering \(killed, or cut off\) 2 .*--attempts 2 allows 2 tries in all/,
  );
  expect(doc.nodes.find((n) => n.name === 'bottom')!.status).not.toBe('done');
}, 120_000);
