import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EVENT_CHANNEL, commandChannel } from '../../src-shared/api-transport';
import { RUN_EVENT_BATCH_MS, commandNames, type AppEvent } from '../../src-shared/contract';
import { waitFor } from '../wait-for';
import type { AppServices } from '../../src-main/services/create-services';
import { EventHub } from '../../src-main/services/event-hub';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const { setupIpc } = await import('../../src-main/ipc');
const { APP_INDEX, isAppUrl, registerAppScheme, serveAppProtocol } =
  await import('../../src-main/windows/app-protocol');
const { createMainWindow, secureSession } = await import('../../src-main/windows/main-window');
const { menuTemplate } = await import('../../src-main/menu');

function fakeServices(): AppServices & { hub: EventHub; calls: Array<[string, unknown]> } {
  const hub = new EventHub();
  const calls: Array<[string, unknown]> = [];
  const handlers = Object.fromEntries(
    commandNames.map((name) => [name, async (args: unknown) => (calls.push([name, args]), { echoed: name })]),
  ) as unknown as AppServices['handlers'];
  return {
    handlers,
    hub,
    calls,
    onEvent: (l) => hub.subscribe(l),
    projects: {} as never,
    runs: {} as never,
    async close() {},
  };
}

const eventFrom = (contents: electron.FakeWebContents, frame: unknown = contents.mainFrame) => ({
  sender: contents,
  senderFrame: frame,
});

describe('ipc', () => {
  let ipc: ReturnType<typeof setupIpc>;
  let services: ReturnType<typeof fakeServices>;
  let ours: electron.FakeWebContents;

  beforeEach(() => {
    services = fakeServices();
    ipc = setupIpc(services, (url) => isAppUrl(url));
    ours = new electron.FakeWebContents();
    ipc.trust(ours as never);
  });
  afterEach(() => ipc.dispose());

  it('registers one handler per contract command, and removes them on dispose', () => {
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
    ipc.dispose();
    expect(electron.ipcHandlers.size).toBe(0);
    ipc = setupIpc(services, (url) => isAppUrl(url));
  });

  it('answers our window with the validated arguments, defaults filled', async () => {
    const reply = await electron.ipcHandlers.get(commandChannel('pipelines.graph'))!(eventFrom(ours), {});
    expect(reply).toEqual({ ok: true, value: { echoed: 'pipelines.graph' } });
    expect(services.calls).toEqual([['pipelines.graph', { pipeline: '__default__' }]]);
  });

  it('refuses a sender that is not our window, and a sub-frame of ours', async () => {
    const stranger = new electron.FakeWebContents();
    const handler = electron.ipcHandlers.get(commandChannel('runs.start'))!;
    expect(await handler(eventFrom(stranger), {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handler(eventFrom(ours, { url: 'https://evil.example/' }), {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(services.calls).toEqual([]);
  });

  it('refuses our own top frame once it shows another origin (file://, the web, a look-alike host)', async () => {
    const handler = electron.ipcHandlers.get(commandChannel('runs.start'))!;
    for (const url of [
      'file:///app/index.html',
      'https://evil.example/',
      'app://evil/index.html',
      'http://localhost:5173/',
    ]) {
      ours.mainFrame = { url };
      expect(await handler(eventFrom(ours), {}), url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    ours.mainFrame = { url: `${APP_INDEX}#/runs` };
    expect(await handler(eventFrom(ours), {})).toMatchObject({ ok: true });
    expect(services.calls).toHaveLength(1);
  });

  it("trusts the dev server's origin in `npm start`, and only it", () => {
    expect(isAppUrl('http://localhost:5173/#/runs', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl(APP_INDEX, 'http://localhost:5173/')).toBe(false);
  });

  it('turns bad arguments into a clear error reply, not a crash', async () => {
    const handler = electron.ipcHandlers.get(commandChannel('runs.start'))!;
    const reply = (await handler(eventFrom(ours), { maxWorkers: 0, surprise: true })) as {
      ok: false;
      error: { code: string; message: string; issues: unknown[] };
    };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('invalid-args');
    expect(reply.error.message).toMatch(/maxWorkers/);
    expect(reply.error.message).toMatch(/surprise/);
    expect(await electron.ipcHandlers.get(commandChannel('runs.cancel'))!(eventFrom(ours), undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(services.calls).toEqual([]);
  });

  it('pushes events to trusted windows only, and forgets destroyed ones', async () => {
    const stranger = new electron.FakeWebContents();
    const event = { channel: 'project', kind: 'reloaded', summary: null } as const;
    services.hub.emit(event);
    await waitFor('the event to reach our window', () => ours.sent.length === 1);
    expect(ours.sent).toEqual([[EVENT_CHANNEL, [event]]]);
    expect(stranger.sent).toEqual([]);
    ours.emit('destroyed');
    services.hub.emit(event);
    await new Promise((ok) => setTimeout(ok, RUN_EVENT_BATCH_MS * 3));
    expect(ours.sent).toHaveLength(1);
  });

  it('sends a burst of run events as one message per frame, in order, and flushes what is pending on dispose', async () => {
    const events: AppEvent[] = Array.from({ length: 500 }, (_, i) => ({
      channel: 'run',
      runId: 'r1',
      event: { type: 'log', at: i, level: 'info', message: `line ${i}` },
    }));
    for (const e of events) services.hub.emit(e);
    expect(ours.sent).toEqual([]); // nothing is sent per event
    await waitFor('the batch to reach our window', () => ours.sent.length > 0);
    expect(ours.sent).toEqual([[EVENT_CHANNEL, events]]);

    const last: AppEvent = {
      channel: 'run',
      runId: 'r1',
      event: { type: 'run-end', at: 9, status: 'success', freeOutputs: [] },
    };
    services.hub.emit(last);
    ipc.dispose();
    expect(ours.sent.at(-1)).toEqual([EVENT_CHANNEL, [last]]);
    ipc = setupIpc(services, (url) => isAppUrl(url));
  });

  it("sends a run's end at once, with the run's events that waited before it", () => {
    const before = ours.sent.length;
    const lines: AppEvent[] = [1, 2, 3].map((i) => ({
      channel: 'run',
      runId: 'r2',
      event: { type: 'log', at: i, level: 'info', message: `line ${i}` },
    }));
    const end: AppEvent = {
      channel: 'run',
      runId: 'r2',
      event: { type: 'run-end', at: 4, status: 'success', freeOutputs: [] },
    };
    for (const e of [...lines, end]) services.hub.emit(e);
    expect(ours.sent.slice(before)).toEqual([[EVENT_CHANNEL, [...lines, end]]]);
  });
});

describe('main window', () => {
  it('is created with the security checklist', () => {
    const win = createMainWindow({ preload: '/app/preload/index.js' }) as unknown as electron.BrowserWindow;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(win.loaded).toBe('app://pipewright/index.html');
  });

  it('blocks navigation away from the app and every new window', () => {
    const win = createMainWindow({ preload: 'p' }) as unknown as electron.BrowserWindow;
    const prevent = vi.fn();
    for (const url of [
      'https://evil.example/',
      'file:///app/index.html',
      'file:///etc/passwd',
      'app://evil/index.html',
    ]) {
      win.webContents.emit('will-navigate', { preventDefault: prevent }, url);
      win.webContents.emit('will-redirect', { preventDefault: prevent }, url);
    }
    expect(prevent).toHaveBeenCalledTimes(8);
    win.webContents.emit('will-navigate', { preventDefault: prevent }, 'app://pipewright/index.html#/runs');
    expect(prevent).toHaveBeenCalledTimes(8);
    expect(win.webContents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('sets a strict CSP on responses and denies every permission', () => {
    secureSession(false);
    let headers: Record<string, string[]> = {};
    electron.headerHooks.at(-1)!(
      { responseHeaders: {} },
      (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders),
    );
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const deny = vi.fn();
    electron.session.defaultSession.setPermissionRequestHandler.mock.calls.at(-1)![0](null, 'camera', deny);
    expect(deny).toHaveBeenCalledWith(false);
  });
});

describe('app:// protocol', () => {
  let rendererDir: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-app-protocol-'));
    rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pipewright</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'the secret');
    registerAppScheme();
    serveAppProtocol(rendererDir);
  });

  it('is registered as a privileged standard scheme, then handled', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(electron.protocolHandlers.has('app')).toBe(true);
  });

  it('serves the built renderer with the CSP, and nothing outside it', async () => {
    const handle = (url: string) => Promise.resolve(electron.protocolHandlers.get('app')!({ url }));
    const index = await handle(APP_INDEX);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<title>Pipewright</title>');
    expect((await handle('app://pipewright/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    for (const url of [
      'app://x/../../etc/passwd',
      'app://pipewright/../../etc/passwd',
      'app://pipewright/..%2f..%2fsecret.txt',
      'app://pipewright/%2e%2e/secret.txt',
      'app://pipewright/assets/%E0%A4%A',
      'app://evil/index.html',
      'app://pipewright/missing.js',
    ]) {
      const res = await handle(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('secret');
    }
  });
});

describe('packaging', () => {
  it('flips the Electron fuses that close the known doors', () => {
    const config = parseYaml(readFileSync(join(__dirname, '..', '..', 'electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, boolean>;
    };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

describe('menu', () => {
  it('has File > Open Project…, Open Recent and Quit; View; Help', () => {
    const actions = { openProject: vi.fn(), openRecent: vi.fn(), about: vi.fn(), openDocs: vi.fn() };
    const template = menuTemplate(actions, {
      recent: [{ root: '/p/one', name: 'one', openedAt: 1 }],
      isDev: false,
      isMac: false,
    });
    const file = template.find((m) => m.label === '&File')!.submenu as Array<{
      label?: string;
      role?: string;
      submenu?: unknown;
      click?: () => void;
    }>;
    expect(file.map((i) => i.label ?? i.role)).toEqual(['Open Project…', 'Open Recent', undefined, 'Quit']);
    file[0]!.click!();
    expect(actions.openProject).toHaveBeenCalled();
    (file[1]!.submenu as Array<{ click: () => void }>)[0]!.click();
    expect(actions.openRecent).toHaveBeenCalledWith('/p/one');
    expect(template.map((m) => m.label ?? m.role)).toEqual(['&File', 'editMenu', '&View', '&Help']);
    const view = template.find((m) => m.label === '&View')!.submenu as Array<{ role?: string }>;
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});
