import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api-types';
import { registerServeCommand } from '../../src-main/cli/commands/serve';
import { serve, type ServeHandle } from '../../src-main/server/serve';
import { tempProject } from '../main/helpers';
import { waitFor } from '../wait-for';
import { openSse } from './sse-client';

let project: ReturnType<typeof tempProject>;
let handle: ServeHandle;
let origin: string;
let marker: string;

beforeAll(async () => {
  project = tempProject();
  const rendererDir = join(project.dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pipewright</title><div id="app"></div>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  // A dataset factory whose name is filled into a path, and files outside the project.
  appendFileSync(
    join(project.root, 'conf/base/catalog.yml'),
    '\n"{name}_txt":\n  type: TextDataset\n  filepath: data/{name}.txt\n',
  );
  const outside = dirname(project.root);
  writeFileSync(join(outside, 'secret.txt'), 'the secret');
  marker = join(outside, 'imported');
  writeFileSync(
    join(outside, 'outside.ts'),
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'yes');\nexport const f = (x: number) => x;\n`,
  );
  handle = await serve({ projectRoot: project.root, port: 0, dataDir: project.dataDir, rendererDir });
  origin = `http://127.0.0.1:${handle.port}`;
});
afterAll(async () => {
  await handle?.close();
  project?.cleanup();
});

const post = (command: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const auth = () => ({ 'x-pipewright-token': handle.token });
const call = async (command: string, body: unknown) => (await post(command, body, auth())).json();
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

/** An SSE client of the app's event stream. */
async function openEvents(headers: Record<string, string> = {}) {
  const sse = await openSse(`${origin}/api/events`, headers);
  return {
    ...sse,
    /** Each event received so far, with the id of the message it came in. */
    get frames() {
      return sse.messages.flatMap((m) => m.events.map((event) => ({ id: m.id, event })));
    },
  };
}

const runTypes = (frames: Array<{ event: AppEvent }>, runId: string) =>
  frames.map((f) => f.event).flatMap((e) => (e.channel === 'run' && e.runId === runId ? [e.event.type] : []));

function rawRequest(path: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port: handle.port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).end();
  });
}

describe('pipewright serve', () => {
  it('listens on 127.0.0.1 with a random token in the URL', () => {
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(handle.url).toContain(handle.token);
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    expect((await post('project.current', {})).status).toBe(401);
    const last = handle.token.at(-1) === 'x' ? 'y' : 'x'; // a token that really differs
    const wrong = await post('project.current', {}, { 'x-pipewright-token': `${handle.token.slice(0, -1)}${last}` });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('answers API calls with the token (header, bearer or query)', async () => {
    const res = await post('project.current', {}, auth());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { root: project.root } });
    expect((await post('app.info', {}, { authorization: `Bearer ${handle.token}` })).status).toBe(200);
    const viaQuery = await fetch(`${origin}/api/pipelines.graph?token=${handle.token}`, { method: 'POST', body: '' });
    expect(await viaQuery.json()).toMatchObject({ ok: true, value: { pipeline: '__default__' } });
  });

  it('reports bad arguments, unknown commands and a malformed % as data with a status', async () => {
    const bad = await post('runs.start', { maxWorkers: 'many' }, auth());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid-args', issues: [{ path: 'maxWorkers' }] },
    });
    expect((await post('nope.nothing', {}, auth())).status).toBe(404);
    const notJson = await fetch(`${origin}/api/app.info`, { method: 'POST', headers: auth(), body: '{' });
    expect(notJson.status).toBe(400);
    const percent = await post('app.info%E0%A4%A', {}, auth());
    expect(percent.status).toBe(400);
    expect(await percent.json()).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });

  it('refuses the page and its scripts without the token, and says how to get in', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(
      /<p role="status">Missing or wrong token: open the URL `pipewright serve` printed, token included/,
    );
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
  });

  it('turns the printed URL into an HttpOnly SameSite=Strict cookie, then serves the app with a strict CSP', async () => {
    const first = await fetch(handle.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = { cookie: cookieOf(first) };
    const page = await fetch(`${origin}/`, { headers: cookie });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    for (const part of [
      "default-src 'self'",
      "script-src 'self'",
      "img-src 'self' data:",
      "style-src 'self' 'unsafe-inline'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(part);
    }
    expect(csp).not.toContain('ws:');
    expect((await fetch(`${origin}/assets/app.js`, { headers: cookie })).headers.get('content-type')).toMatch(
      /javascript/,
    );
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(200);
    expect((await fetch(`${origin}/..%2f..%2fpackage.json`, { headers: cookie })).status).toBe(404);
    // The cookie is the page's way to the API too.
    expect(await (await post('app.info', {}, cookie)).json()).toMatchObject({ ok: true, value: { host: 'serve' } });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await rawRequest('/', { host: 'evil.example' })).toBe(421);
  });

  it('refuses requests from another site (Origin), even with the token: a form post starts no run', async () => {
    const before = ((await call('runs.live', {})) as { value: unknown[] }).value.length;
    const form = await fetch(`${origin}/api/runs.start?token=${handle.token}`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(403);
    const urlencoded = await fetch(`${origin}/api/runs.start?token=${handle.token}`, {
      method: 'POST',
      headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(urlencoded.status).toBe(403);
    expect(await rawRequest(`/?token=${handle.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(((await call('runs.live', {})) as { value: unknown[] }).value.length).toBe(before);
    expect((await post('app.info', {}, { ...auth(), origin })).status).toBe(200);
  });

  it("reads only the project's datasets: a ../ name matched by a factory pattern is refused", async () => {
    for (const command of ['datasets.preview', 'datasets.inspect']) {
      const reply = await call(command, { name: '../../secret_txt' });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'not-found', message: expect.stringContaining("No dataset '../../secret_txt' in this project") },
      });
      expect(JSON.stringify(reply)).not.toContain('the secret');
    }
    expect(await call('datasets.preview', { name: 'companies', version: '../../..' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(await call('datasets.inspect', { name: 'companies' })).toMatchObject({
      ok: true,
      value: { kind: 'catalog' },
    });
  });

  it('imports only project files: a function or runner outside the project is refused, not imported', async () => {
    const file = (func: string) => ({ nodes: [{ name: 'n', func, inputs: 'a', outputs: 'b' }] });
    const outsideFile = join(dirname(project.root), 'outside.ts');
    for (const func of ['../outside.ts#f', `${outsideFile}#f`]) {
      const reply = (await call('pipelines.validate', { file: file(func) })) as {
        value: { ok: boolean; issues: Array<{ message: string }> };
      };
      expect(reply.value.ok).toBe(false);
      expect(reply.value.issues[0]!.message).toMatch(/is not a project file/);
    }
    symlinkSync(outsideFile, join(project.root, 'src', 'link.ts'));
    const linked = (await call('pipelines.validate', { file: file('src/link.ts#f') })) as {
      value: { issues: Array<{ message: string }> };
    };
    expect(linked.value.issues[0]!.message).toMatch(/leads outside the project/);
    const runner = await call('runs.start', { runner: '../outside.ts#f' });
    expect(runner).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not a project file/) } });
    expect(existsSync(marker)).toBe(false);
  });

  it('saves an editor pipeline after one build: each function module runs once, then once more for the reload', async () => {
    const counter = join(dirname(project.root), 'counted');
    writeFileSync(
      join(project.root, 'src', 'counted.ts'),
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counter)}, 'x');\nexport const inc = (x: number) => x + 1;\n`,
    );
    const runs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').length : 0);
    const file = {
      nodes: [{ name: 'inc', func: 'src/counted.ts#inc', inputs: 'params:scale', outputs: 'incremented' }],
    };
    expect(await call('pipelines.validate', { file })).toMatchObject({ ok: true, value: { ok: true, issues: [] } });
    expect(runs()).toBe(1);
    expect(await call('pipelines.save', { name: 'counted', file })).toMatchObject({
      ok: true,
      value: { path: 'pipelines/counted.json' },
    });
    expect(runs()).toBe(2);
  });

  it('refuses params that would reach a prototype', async () => {
    const reply = await post('runs.start', '{"params": {"__proto__": {"x": 1}}}', auth());
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid-args', message: expect.stringContaining("The key '__proto__' in params is not allowed") },
    });
    expect((await post('runs.start', { params: { a: { constructor: { x: 1 } } } }, auth())).status).toBe(400);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('needs the token for the event stream', async () => {
    for (const headers of [{}, { 'x-pipewright-token': 'wrong' }] as Array<Record<string, string>>) {
      const { res } = await openEvents(headers);
      expect(res.status).toBe(401);
    }
    const { res, close } = await openEvents(auth());
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    close();
  });

  it('streams a real run as Server-Sent Events, and replays what a reconnecting client missed', async () => {
    const stream = await openEvents(auth());
    const reply = (await call('runs.start', { runner: 'SequentialRunner' })) as { ok: true; value: { runId: string } };
    const { runId } = reply.value;
    await waitFor('the run-end event', () => runTypes(stream.frames, runId).includes('run-end'));
    stream.close();
    const types = runTypes(stream.frames, runId);
    expect(types[0]).toBe('run-start');
    expect(types).toContain('node-start');
    expect(types.at(-1)).toBe('run-end');
    const preview = await call('datasets.preview', { name: 'report' });
    expect(preview).toMatchObject({ ok: true, value: { kind: 'json', value: { count: 3 } } });

    // EventSource sends the last id it saw when it reconnects.
    const start = stream.frames.find(
      (f) => f.event.channel === 'run' && f.event.runId === runId && f.event.event.type === 'run-start',
    )!;
    // Events travel in batches, each with one id: the replay is every batch after the one named.
    const seq = (id?: string) => Number(id?.split('-')[1]);
    // A fast run's start and end can travel in one batch: then the client names the batch before it.
    const endWithStart = stream.frames.some(
      (f) =>
        f.id === start.id && f.event.channel === 'run' && f.event.runId === runId && f.event.event.type === 'run-end',
    );
    const seen = endWithStart ? `${start.id!.split('-')[0]}-${seq(start.id) - 1}` : start.id!;
    const again = await openEvents({ ...auth(), 'last-event-id': seen });
    await waitFor('the replayed run-end', () => runTypes(again.frames, runId).includes('run-end'));
    again.close();
    const missed = stream.frames.filter((f) => seq(f.id) > seq(seen));
    expect(runTypes(again.frames, runId)).toEqual(runTypes(missed, runId));
    expect(runTypes(again.frames, runId).at(-1)).toBe('run-end');
  });
});

describe('the serve command', () => {
  it('prints the URL, token included, as the first line of stdout', async () => {
    const p = tempProject();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const program = new Command('pipewright').exitOverride();
    registerServeCommand(program, { stdout, stderr, cwd: p.root, env: { PIPEWRIGHT_DATA_DIR: p.dataDir } }, { until });
    const done = program.parseAsync(['serve', '--port', '0'], { from: 'user' });
    while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 10));
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    const url = new URL(first);
    const res = await fetch(`${url.origin}/api/project.current`, {
      method: 'POST',
      headers: { 'x-pipewright-token': url.searchParams.get('token')! },
    });
    expect(await res.json()).toMatchObject({ ok: true, value: { root: p.root } });
    stop();
    await done;
    p.cleanup();
  });
});
