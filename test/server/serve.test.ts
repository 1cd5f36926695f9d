import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppEvent } from '../../src-shared/api-types';
import { registerServeCommand } from '../../src-main/cli/commands/serve';
import { serve, type ServeHandle } from '../../src-main/server/serve';
import { tempProject } from '../main/helpers';

let project: ReturnType<typeof tempProject>;
let handle: ServeHandle;
let origin: string;

beforeAll(async () => {
  project = tempProject();
  const rendererDir = join(project.dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pipewright</title><div id="app"></div>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  handle = await serve({ projectRoot: project.root, port: 0, dataDir: project.dataDir, rendererDir });
  origin = `http://127.0.0.1:${handle.port}`;
});
afterAll(async () => {
  await handle?.close();
  project?.cleanup();
});

const post = (command: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}/api/${command}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const auth = () => ({ 'x-pipewright-token': handle.token });

function openSocket(url: string): Promise<{ ws: WebSocket; events: AppEvent[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const events: AppEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, events }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('pipewright serve', () => {
  it('listens on 127.0.0.1 with a random token in the URL', () => {
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect(handle.url).toContain(handle.token);
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    expect((await post('project.current', {})).status).toBe(401);
    const wrong = await post('project.current', {}, { 'x-pipewright-token': `${handle.token.slice(0, -1)}x` });
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

  it('reports bad arguments and unknown commands as data with a status', async () => {
    const bad = await post('runs.start', { maxWorkers: 'many' }, auth());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid-args', issues: [{ path: 'maxWorkers' }] } });
    expect((await post('nope.nothing', {}, auth())).status).toBe(404);
    const notJson = await fetch(`${origin}/api/app.info`, { method: 'POST', headers: auth(), body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('serves the app with a strict CSP, the favicon, and no files outside the build', async () => {
    const page = await fetch(`${origin}/?token=${handle.token}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    for (const part of ["default-src 'self'", "script-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", 'connect-src \'self\' ws://127.0.0.1:*']) {
      expect(csp).toContain(part);
    }
    expect((await fetch(`${origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(200);
    expect((await fetch(`${origin}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: handle.port, path: '/', headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode!)).end();
    });
    expect(status).toBe(421);
  });

  it('needs the token for the events WebSocket', async () => {
    await expect(openSocket(`ws://127.0.0.1:${handle.port}/api/events`)).rejects.toThrow('401');
    await expect(openSocket(`ws://127.0.0.1:${handle.port}/api/events?token=wrong`)).rejects.toThrow('401');
    const { ws } = await openSocket(`ws://127.0.0.1:${handle.port}/api/events?token=${handle.token}`);
    ws.close();
  });

  it('streams a real run over the WebSocket', async () => {
    const { ws, events } = await openSocket(`ws://127.0.0.1:${handle.port}/api/events?token=${handle.token}`);
    const reply = (await (await post('runs.start', { runner: 'SequentialRunner' }, auth())).json()) as { ok: true; value: { runId: string } };
    const { runId } = reply.value;
    const deadline = Date.now() + 15_000;
    while (!events.some((e) => e.channel === 'run' && e.event.type === 'run-end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    const types = events.filter((e) => e.channel === 'run' && e.runId === runId).map((e) => (e.channel === 'run' ? e.event.type : ''));
    expect(types[0]).toBe('run-start');
    expect(types).toContain('node-start');
    expect(types.at(-1)).toBe('run-end');
    const preview = await (await post('datasets.preview', { name: 'report' }, auth())).json();
    expect(preview).toMatchObject({ ok: true, value: { kind: 'json', value: { count: 3 } } });
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
    const res = await fetch(`${url.origin}/api/project.current`, { method: 'POST', headers: { 'x-pipewright-token': url.searchParams.get('token')! } });
    expect(await res.json()).toMatchObject({ ok: true, value: { root: p.root } });
    stop();
    await done;
    p.cleanup();
  });
});
