// The app's next run thread loads the open project ahead, while the user looks at the app: a click
// runs on that project, unless its files changed since, when the run loads it afresh and sees the
// edit. Real project files, real threads, the app's real services and history.
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/api-transport';
import type { CommandName, CommandResult } from '../../src-shared/contract';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { SPARE_AFTER_RUN_MS } from '../../src-main/services/run-service';
import { removeTempDirs, tempDir, waitFor } from '../history/helpers';
import { collectRun } from '../main/helpers';

afterAll(removeTempDirs);

let dir: string;
let loadLog: string;
let services: AppServices;

async function call<K extends CommandName>(name: K, args?: unknown): Promise<CommandResult<K>> {
  const reply = (await dispatch(services.handlers, name, args)) as Reply<CommandResult<K>>;
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** A project whose registry logs each load (the loading thread's id) and whose one node says what it computed where. */
function loggingProject(): { dir: string; loadLog: string } {
  const root = tempDir('pw-warm-');
  const log = join(tempDir('pw-warm-log-'), 'loads.txt');
  writeFileSync(log, '');
  mkdirSync(join(root, 'conf', 'base'), { recursive: true });
  mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'conf', 'base', 'parameters.yml'), 'x: 1\n');
  writeFileSync(join(root, 'conf', 'base', 'catalog.yml'), '{}\n');
  writeFileSync(join(root, 'src', 'answer.ts'), "export const answer = (): string => 'old';\n");
  writeFileSync(
    join(root, 'src', 'pipeline_registry.ts'),
    `import { appendFileSync, existsSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { node, pipeline } from 'pipewright';
import { answer } from './answer';

appendFileSync(${JSON.stringify(log)}, threadId + '\\n');

async function compute(x: number): Promise<string> {
  while (existsSync(${JSON.stringify(log + '.hold')})) await new Promise((r) => setTimeout(r, 20));
  return answer() + ':' + threadId + ':' + x;
}

export function registerPipelines() {
  return { __default__: pipeline([node(compute, 'params:x', 'result', { name: 'compute' })]) };
}
`,
  );
  return { dir: root, loadLog: log };
}

/** While this file exists, the project's node waits. */
const hold = () => `${loadLog}.hold`;

/** The threads that loaded the project so far, in order, one entry per load. */
const loads = (): number[] => readFileSync(loadLog, 'utf8').split('\n').filter(Boolean).map(Number);

/** Runs the default pipeline from the app; resolves with the node's answer and the id of the thread that ran it. */
async function run(): Promise<{ answer: string; thread: number; x: number }> {
  let runId: string | undefined;
  const done = collectRun(services.onEvent, () => runId, 60_000);
  runId = (await call('runs.start', { runner: 'SequentialRunner' })).runId;
  const events = await done;
  expect(events.at(-1)).toMatchObject({ event: { type: 'run-end', status: 'success' } });
  const kept = services.runs.memoryValue('result');
  expect(kept.found).toBe(true);
  const [answer, thread, x] = String(kept.value).split(':');
  return { answer, thread: Number(thread), x: Number(x) };
}

/** Waits until a thread other than this one and those in `seen` has loaded the project: the spare, ready. */
const spareLoaded = (seen: number[]) =>
  waitFor('the spare thread to load the project', () => loads().find((t) => t !== threadId && !seen.includes(t)));

beforeEach(async () => {
  ({ dir, loadLog } = loggingProject());
  services = createServices({ dataDir: tempDir(), openHistory: openAppHistory });
  await call('project.open', { root: dir });
});
afterEach(() => services.close());

describe("the app's next run thread, warm with the open project", () => {
  it('loads the project as it opens, and the first run runs on that load', async () => {
    const spare = await spareLoaded([]);
    const before = loads();
    const first = await run();
    expect(first).toEqual({ answer: 'old', thread: spare, x: 1 });
    // The run's thread loaded the project once, before the click.
    expect(loads().filter((t) => t === spare)).toHaveLength(1);
    expect(before.filter((t) => t === spare)).toHaveLength(1);
  });

  it('loads the project afresh when a file changed after the thread loaded it, and runs the edited code', async () => {
    const first = await run();
    expect(first.answer).toBe('old');
    const spare = await spareLoaded([first.thread]);
    // Same size, only the content and times differ.
    writeFileSync(join(dir, 'src', 'answer.ts'), "export const answer = (): string => 'new';\n");
    const second = await run();
    expect(second).toEqual({ answer: 'new', thread: spare, x: 1 });
    expect(loads().filter((t) => t === spare)).toHaveLength(2);
  });

  it('opening another project: the next run runs that one, on a thread that loaded it ahead', async () => {
    await spareLoaded([]);
    ({ dir, loadLog } = loggingProject());
    writeFileSync(join(dir, 'conf', 'base', 'parameters.yml'), 'x: 3\n');
    await call('project.open', { root: dir });
    const spare = await spareLoaded([]);
    expect(await run()).toEqual({ answer: 'old', thread: spare, x: 3 });
    expect(loads().filter((t) => t === spare)).toHaveLength(1);
  });

  it('a reload during a run loads the next run thread once the run ended, not during it', async () => {
    const spare = await spareLoaded([]);
    writeFileSync(hold(), '');
    let runId: string | undefined;
    const done = collectRun(services.onEvent, () => runId, 60_000);
    runId = (await call('runs.start', { runner: 'SequentialRunner' })).runId;
    await call('project.reload');
    // Time for a thread to start and load the project, were one started by the reload.
    await new Promise((r) => setTimeout(r, 1500));
    expect(loads().filter((t) => t !== threadId && t !== spare)).toEqual([]);
    rmSync(hold());
    expect((await done).at(-1)).toMatchObject({ event: { type: 'run-end', status: 'success' } });
    await spareLoaded([spare]);
  });

  it("after a run, the next run's thread loads once the run's end has been shown, and the next run runs on it", async () => {
    const first = await run();
    // The run's end is on its way to the page: no thread takes a core to load the project meanwhile.
    await new Promise((r) => setTimeout(r, SPARE_AFTER_RUN_MS / 2));
    expect(loads().filter((t) => t !== threadId && t !== first.thread)).toEqual([]);
    const spare = await spareLoaded([first.thread]);
    expect(await run()).toEqual({ answer: 'old', thread: spare, x: 1 });
  });

  it('a new conf file counts as a change too', async () => {
    const spare = await spareLoaded([]);
    appendFileSync(join(dir, 'conf', 'local', 'parameters.yml'), 'x: 2\n');
    const first = await run();
    expect(first).toEqual({ answer: 'old', thread: spare, x: 2 });
    expect(loads().filter((t) => t === spare)).toHaveLength(2);
  });
});
