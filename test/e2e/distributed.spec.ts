/// <reference lib="dom" />
// DistributedRunner in the app: a Redis server of the test's own on a unix socket, two real
// `pipewright worker` processes, and a run started from the Runner list with its Queue field.
import { expect, test } from '@playwright/test';
import { distProject } from '../distributed/dist-project';
import { startRedis, type TestRedis } from '../distributed/redis-server';
import { startWorker, stopWorkers, type TestWorker } from '../distributed/workers';
import { api, serverUrl, shot } from './helpers';

let redis: TestRedis;
let project: string;
let workers: TestWorker[];

test.beforeAll(async () => {
  redis = await startRedis();
  project = distProject();
  workers = await Promise.all([startWorker(project, redis.url), startWorker(project, redis.url)]);
});

test.afterAll(async () => {
  await stopWorkers();
  await redis?.stop();
});

interface Recorded {
  runId: string;
  status: string;
  runner: string;
  nodes: Array<{ name: string; status: string; worker?: string }>;
}

test('DistributedRunner from the Runner list: live status per node with the worker that ran it, and the run in History', async ({
  page,
}) => {
  await api(page, 'project.open', { root: project });
  await page.goto(serverUrl().toString());
  await page.waitForFunction(
    () => (globalThis as unknown as { __pwGraphReadyAt?: number }).__pwGraphReadyAt !== undefined,
  );
  await page.getByLabel('Runner', { exact: true }).selectOption('DistributedRunner');
  await page.getByLabel('Queue', { exact: true }).fill(redis.url);
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  // left and right (0.3 s each) run at once, one on each worker.
  await page.waitForFunction(() => document.querySelectorAll('.pw-fn.st-running').length >= 1, undefined, {
    polling: 'raf',
    timeout: 60_000,
  });
  await shot(page, 'distributed-running');
  await expect(page.getByTestId('progress')).toHaveText('4 of 4 nodes', { timeout: 60_000 });
  await expect(page.locator('.pw-fn.st-done')).toHaveCount(4);

  const [latest] = await api<Array<{ runId: string }>>(page, 'runs.list', { limit: 1 });
  const run = await api<Recorded>(page, 'runs.get', { runId: latest.runId });
  expect(run.status).toBe('success');
  expect(run.runner).toBe('DistributedRunner');
  const pids = workers.map((w) => w.pid);
  for (const n of run.nodes) expect(pids).toContain(Number(n.worker!.split(':').pop()));

  // The node's details name the machine and the pid that ran it.
  const left = run.nodes.find((n) => n.name === 'left')!;
  await page.locator('.vue-flow__node[data-id="fn:left"] .pw-fn').click();
  await expect(page.getByText(`on ${left.worker}`)).toBeVisible();
  // The live timeline has one lane per worker process that took a job, named host:pid.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const live = page.getByRole('region', { name: 'Run timeline' });
  await expect(live.locator('.gl-bar')).toHaveCount(4);
  for (const lane of await live.locator('.gl-lane').all())
    await expect(lane).toHaveAttribute('data-worker', new RegExp(`:(${pids.join('|')})$`));
  await shot(page, 'distributed-timeline');

  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: `Open run ${run.runId}` }).click();
  const past = page.getByRole('table', { name: 'Node timeline' });
  await expect(past.locator('.gl-bar')).toHaveCount(4);
  // The header names the worker processes connected when the run started, not this machine's cores.
  await expect(page.getByRole('region', { name: `Run ${run.runId}` })).toContainText(
    'DistributedRunner · 2 workers connected',
  );
  await shot(page, 'distributed-history');
});
