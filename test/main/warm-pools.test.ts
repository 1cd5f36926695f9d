// The app's warm pools load the open project when it opens, and afresh on reload: real threads,
// real services, the fixture registry logging who imported it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { keepPoolsOnProject } from '../../src-main/app-pool';
import { WorkerPool } from '../../src-main/engine/pool/worker-pool';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { threadSpawner } from '../../src-main/workers/spawners';
import { workerModule } from '../../src-main/workers/worker-module';
import { BASIC, registryLoads } from '../runner/helpers';
import { waitFor } from '../wait-for';
import { tempProject } from './helpers';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Imports of the fixture's registry by worker threads (thread id > 0) of this process. */
const threadLoads = (dir: string) => registryLoads(dir).filter((l) => l.pid === process.pid && l.threadId > 0).length;

it('a warm pool loads the project when it opens, and again after a reload', async () => {
  const data = mkdtempSync(join(tmpdir(), 'pw-warm-'));
  process.env.PW_FIXTURE_DATA = data; // threads take the environment they start with
  const project = tempProject(BASIC);
  const pool = new WorkerPool({ size: 1, spawn: threadSpawner(await workerModule()) });
  const services: AppServices = createServices({ dataDir: project.dataDir });
  cleanup.push(
    project.cleanup,
    () => pool.close(),
    () => services.close(),
  );
  keepPoolsOnProject(services, [pool]);
  await pool.ready();
  expect(threadLoads(data)).toBe(0);

  await services.projects.open(project.root);
  await waitFor('the worker to load the opened project', () => threadLoads(data) === 1);

  await services.projects.reload();
  await waitFor('the worker to load it afresh', () => threadLoads(data) === 2);
});
