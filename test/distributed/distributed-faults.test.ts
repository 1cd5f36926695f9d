// What goes wrong between machines: a worker with another checkout of the project, and the Redis
// server restarting (losing its jobs) in the middle of a run.
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { projectFingerprint } from '../../src-main/distributed/fingerprint';
import { tempDir } from '../history/helpers';
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

it('a worker whose checkout differs refuses the job, naming both fingerprints', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const project = distProject();
  const other = join(tempDir('pw-dist-other-'), 'project');
  cpSync(project, other, { recursive: true });
  appendFileSync(join(other, 'src', 'traces.ts'), '\n// edited on this machine only\n');
  await startWorker(other, redis.url);

  const r = await distRun(project, redis.url);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as { status: string; nodes: Array<{ name: string; error?: { message: string } }> };
  expect(doc.status).toBe('failed');
  const message = doc.nodes.find((n) => n.name === 'top')!.error!.message;
  expect(message).toContain(`fingerprint ${projectFingerprint(other)}`);
  expect(message).toContain(`the coordinator's has ${projectFingerprint(project)}`);
  expect(projectFingerprint(other)).not.toBe(projectFingerprint(project));
  expect(traces(other)).toEqual([]); // nothing ran there
});

it('survives a Redis restart mid-run: the lost job is queued again and the run completes', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const project = distProject();
  await startWorker(project, redis.url);

  const running = distRun(project, redis.url, '--pipeline', 'slow');
  await waitFor('node slow to start', () => traces(project).some(([n]) => n === 'slow'), 60_000);
  writeFileSync(join(project, 'data', 'short'), ''); // its second try ends at once
  await redis.restart(); // an empty server: every job is gone
  const r = await running;
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/vanished from .* queued again/);
  expect(traces(project).filter(([n]) => n === 'bottom')).toHaveLength(1);
});

it('a worker asked to stop exits even when the queue has gone away', async () => {
  const redis = await startRedis();
  servers.push(redis);
  const worker = await startWorker(distProject(), redis.url);
  await redis.stop();
  const exited = new Promise<number | null>((r) => worker.child.once('exit', (code) => r(code)));
  worker.child.kill('SIGTERM');
  const code = await Promise.race([
    exited,
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000)),
  ]);
  expect(code).toBe(0);
  expect(worker.log()).toContain('stopped');
});
