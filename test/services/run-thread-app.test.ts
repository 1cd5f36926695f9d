// The app's SequentialRunner run goes through the CLI's run thread: the guarantees the CLI has
// (a node that computes for ever neither blocks the host nor stops a cancel; a thread that dies
// ends the run, never leaving it "running") hold for the app's services, with a real project,
// real threads and the project's real history.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/api-transport';
import type { AppEvent } from '../../src-shared/api-types';
import type { CommandName, CommandResult } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { faultProject } from '../cli/fault-project';
import { removeTempDirs, tempDir } from '../history/helpers';
import { collectRun } from '../main/helpers';

afterAll(removeTempDirs);

let dir: string;
let services: AppServices;

async function call<K extends CommandName>(name: K, args?: unknown): Promise<CommandResult<K>> {
  const reply = (await dispatch(services.handlers, name, args)) as Reply<CommandResult<K>>;
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** Starts a run and resolves with its events up to its run-end; `onEvent` sees each as it comes. */
async function run(args: Record<string, unknown>, onEvent?: (event: RunEvent, runId: string) => void) {
  let runId: string | undefined;
  const off = services.onEvent((e: AppEvent) => {
    // One run at a time here: its events may come before `runs.start` has answered.
    if (e.channel === 'run') onEvent?.(e.event, e.runId);
  });
  const done = collectRun(services.onEvent, () => runId, 60_000);
  runId = (await call('runs.start', args)).runId;
  const events = (await done).flatMap((e) => (e.channel === 'run' ? [e.event] : []));
  off();
  return { runId, events };
}

beforeEach(async () => {
  dir = faultProject();
  services = createServices({ dataDir: tempDir(), openHistory: openAppHistory });
  await call('project.open', { root: dir });
});
afterEach(() => services.close());

describe("the app's SequentialRunner run on the run thread", () => {
  it('cancels a node that computes for ever, the host answering meanwhile, and records it cancelled', async () => {
    // A first run: the second runs on the thread started ahead of it once the first ended.
    expect((await run({ runner: 'SequentialRunner' })).events.at(-1)).toMatchObject({ status: 'success' });
    let answered: Promise<unknown> | undefined;
    const { runId, events } = await run({ runner: 'SequentialRunner', params: { mode: 'busy' } }, (event, id) => {
      if (event.type !== 'node-start' || event.node !== 'work') return;
      answered = call('runs.live').then(async (live) => {
        expect(live.find((r) => r.runId === id)?.status).toBe('running');
        return call('runs.cancel', { runId: id });
      });
    });
    expect(await answered).toEqual({ cancelled: true });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'cancelled' });
    const live = (await call('runs.live')).find((r) => r.runId === runId)!;
    expect(live.status).toBe('cancelled');
    const recorded = await call('runs.get', { runId });
    expect(recorded.status).toBe('cancelled');
    expect(recorded.nodes.map((n) => `${n.name}:${n.status}`)).toEqual([
      'first:done',
      'work:cancelled',
      'last:skipped',
    ]);
  });

  it.each([
    ['exit', /node work ended the process/],
    ['hang', /node work never finished/],
  ])('a node that ends the thread (%s) fails the run, named, in the live state and the history', async (mode, why) => {
    const { runId, events } = await run({ runner: 'SequentialRunner', params: { mode } });
    expect(events.at(-1)).toMatchObject({
      type: 'run-end',
      status: 'failed',
      error: { message: expect.stringMatching(why) },
    });
    const live = (await call('runs.live')).find((r) => r.runId === runId)!;
    expect(live.status).toBe('failed');
    const recorded = await call('runs.get', { runId });
    expect(recorded.status).toBe('failed');
    expect(recorded.nodes.find((n) => n.name === 'work')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(why) },
    });
  });

  it("brings the run's memory values back for preview, and a project runner still runs in this host", async () => {
    const { runId } = await run({ runner: 'SequentialRunner' });
    expect(await call('datasets.preview', { name: 'y' })).toMatchObject({ source: 'memory', runId, kind: 'json' });
    const inline = await run({ runner: 'src/runner.ts#InlineRunner' });
    expect(inline.events.at(-1)).toMatchObject({ type: 'run-end', status: 'success' });
    expect(await call('datasets.preview', { name: 'y' })).toMatchObject({ source: 'memory', runId: inline.runId });
  });
});
