// One resume planner, two callers: `pipewright run --resume` (a real CLI process) and the app's
// `runs.resume` (the services' dispatch), on the same failed runs of a real project and history.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/api-transport';
import type { CommandName, CommandResult } from '../../src-shared/contract';
import type { HistoryRunDetail } from '../../src-shared/history-types';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { collectRun } from '../main/helpers';
import { chainProject, pipewright, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

let dir: string;
let services: AppServices;

async function call<K extends CommandName>(name: K, args?: unknown): Promise<CommandResult<K>> {
  const reply = (await dispatch(services.handlers, name, args)) as Reply<CommandResult<K>>;
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

const cli = async (args: string[]) => pipewright([...args, '--project', dir]).done;
const show = async (runId: string): Promise<HistoryRunDetail> =>
  JSON.parse((await cli(['show', runId, '--json'])).stdout);
const latest = async (): Promise<string> => JSON.parse((await cli(['runs', '--json'])).stdout).runs[0].runId;

/** Resumes through the app, as "Resume from here" does, and waits for the run to end. */
async function resumeInApp(runId: string): Promise<string> {
  let resumed: string | undefined;
  const done = collectRun(services.onEvent, () => resumed, 60_000);
  resumed = (await call('runs.resume', { runId })).runId;
  await done;
  return resumed;
}

/** What a resume ran with: everything but the ids and the command line. */
const asked = (run: HistoryRunDetail) => ({
  request: run.request,
  env: run.env,
  parameters: run.parameters,
  resumeOf: run.resumeOf,
});

beforeEach(async () => {
  dir = chainProject();
  // The staging env makes summarise fail, and says which env the nodes saw.
  mkdirSync(join(dir, 'conf/staging'), { recursive: true });
  writeFileSync(join(dir, 'conf/staging/parameters.yml'), 'fail: true\nmarker: staging\n');
  services = createServices({ dataDir: tempDir(), openHistory: openAppHistory });
  // The app has the project open in its default env (local): a resume must not use it.
  await call('project.open', { root: dir });
});
afterEach(() => services.close());

describe('resuming a run, from the CLI and from the app', () => {
  it('both run the failed run again from its resume point, in its env, with its --params, --load-versions and filters', async () => {
    expect((await cli(['run'])).code).toBe(0);
    const pinned = (await show(await latest())).outputs.find((o) => o.dataset === 'summary')!.version!;

    const failed = await cli([
      'run',
      '--env',
      'staging',
      '--params',
      'slow_ms=1',
      '--load-versions',
      `summary:${pinned}`,
      '--to-nodes',
      'publish',
    ]);
    expect(failed.code, failed.stderr).toBe(1);
    const failedId = await latest();
    expect(await show(failedId)).toMatchObject({ status: 'failed', resumeFrom: ['clean'], env: 'staging' });

    // The configuration is fixed; the run's env still applies, with its other parameters.
    writeFileSync(join(dir, 'conf/staging/parameters.yml'), 'fail: false\nmarker: staging\n');

    const fromCli = await cli(['run', '--resume', failedId]);
    expect(fromCli.code, fromCli.stderr).toBe(0);
    const cliRun = await show(await latest());
    const appRun = await show(await resumeInApp(failedId));

    const expected = {
      request: {
        pipeline: '__default__',
        runner: 'SequentialRunner',
        params: { slow_ms: 1 },
        loadVersions: { summary: pinned },
        toNodes: ['publish'],
        fromNodes: ['clean'],
      },
      env: 'staging',
      parameters: { slow_ms: 1, fail: false, marker: 'staging' },
      resumeOf: failedId,
    };
    expect(asked(cliRun)).toEqual(expected);
    expect(asked(appRun)).toEqual(expected);
    for (const run of [cliRun, appRun]) {
      expect(run.status).toBe('success');
      // publish read the pinned version, not the one this run's summarise wrote.
      expect(run.io.find((e) => e.kind === 'load' && e.dataset === 'summary')?.version).toBe(pinned);
    }
  });

  it('a run that failed before any node finished is run again whole, by both', async () => {
    renameSync(join(dir, 'data/raw.json'), join(dir, 'raw.json'));
    expect((await cli(['run', '--params', 'slow_ms=2'])).code).toBe(1);
    const failedId = await latest();
    expect((await show(failedId)).resumeFrom).toEqual([]);
    renameSync(join(dir, 'raw.json'), join(dir, 'data/raw.json'));

    expect((await cli(['run', '--resume', failedId])).code).toBe(0);
    const cliRun = await show(await latest());
    const appRun = await show(await resumeInApp(failedId));
    for (const run of [cliRun, appRun]) {
      expect(run).toMatchObject({ status: 'success', resumeOf: failedId, env: 'local', nodeCount: 3 });
      expect(run.request).toEqual({ pipeline: '__default__', runner: 'SequentialRunner', params: { slow_ms: 2 } });
    }
  });

  it('a successful run has nothing to resume, said the same way by both', async () => {
    expect((await cli(['run'])).code).toBe(0);
    const okId = await latest();
    const fromCli = await cli(['run', '--resume', okId]);
    expect(fromCli.code).toBe(2);
    expect(fromCli.stderr).toContain(`Run ${okId} succeeded: there is nothing to resume.`);
    await expect(call('runs.resume', { runId: okId })).rejects.toThrow(
      `usage: Run ${okId} succeeded: there is nothing to resume.`,
    );
  });
});
