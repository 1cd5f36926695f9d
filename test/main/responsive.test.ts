import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api-types';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { serviceCaller } from '../service-call';
import { collectRun, tempProject } from './helpers';

let services: AppServices | undefined;
let project: ReturnType<typeof tempProject> | undefined;
afterEach(async () => {
  await services?.close();
  project?.cleanup();
});

it('the host keeps answering while a SequentialRunner node computes without yielding', async () => {
  project = tempProject(resolve(__dirname, 'fixtures/busy-project'));
  const s = (services = createServices({ dataDir: project.dataDir }));
  const call = serviceCaller(() => s);
  await call('project.open', { root: project.root });

  const order: string[] = [];
  let runId: string | undefined;
  let answered: Promise<unknown> | undefined;
  const off = s.onEvent((e: AppEvent) => {
    if (e.channel !== 'run' || e.event.type === 'log') return;
    if (e.event.type === 'node-start' && e.event.node === 'spin') {
      order.push(`spin started on ${e.event.worker}`);
      // Ask the host something while the node spins.
      answered = call('project.current').then(() => order.push('host answered'));
    }
    if (e.event.type === 'node-end' && e.event.node === 'spin') order.push('spin ended');
  });
  const done = collectRun(s.onEvent, () => runId);
  runId = ((await call('runs.start', { runner: 'SequentialRunner' })) as { runId: string }).runId;
  const events = await done;
  await answered;
  off();

  expect(order[0]).toBe('spin started on main'); // in process, on the run's own thread
  expect(order.slice(1)).toEqual(['host answered', 'spin ended']);
  const last = events.at(-1);
  expect(last?.channel === 'run' ? last.event : undefined).toMatchObject({ type: 'run-end', status: 'success' });
});
