import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, commandChannel } from '../../src-shared/api-transport';
import { commandNames } from '../../src-shared/contract';
import { createAppPool } from '../../src-main/app-pool';
import { utilityPort } from '../../src-main/workers/hosts';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('preload', () => {
  it('exposes invoke and onEvents only, never ipcRenderer', async () => {
    await import('../../src-preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('api', expect.any(Object));
    const api = electron.exposed.api as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvents']);
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);

    for (const name of commandNames) {
      await (api.invoke as (n: string, a: unknown) => Promise<unknown>)(name, { probe: name });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(commandChannel(name), { probe: name });
    }
    electron.ipcRenderer.invoke.mockClear();
    const refused = await (api.invoke as unknown as (n: string, a: unknown) => Promise<unknown>)('shell.exec', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();

    const listener = vi.fn();
    const off = (api.onEvents as unknown as (l: unknown) => () => void)(listener);
    const [channel, handler] = electron.ipcRenderer.on.mock.calls[0] as unknown as [
      string,
      (e: unknown, p: unknown) => void,
    ];
    expect(channel).toBe(EVENT_CHANNEL);
    const batch = [
      { channel: 'project', kind: 'changed', summary: null },
      { channel: 'project', kind: 'reloaded', summary: null },
    ];
    handler({ sender: 'hidden' }, batch);
    // One call per batch; the IPC event object (and its sender) never reaches the page.
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(batch);
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, handler);
  });
});

class FakeUtilityChild extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  constructor(readonly pid: number) {
    super();
  }
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  kill() {
    this.killed = true;
    this.emit('exit', 0);
    return true;
  }
}

describe('the worker pool on utility processes', () => {
  it('forks the built worker per slot and speaks utilityProcess message shapes', async () => {
    const children: FakeUtilityChild[] = [];
    const utilityProcess = {
      fork: vi.fn((_path: string, _args?: string[], _opts?: object) => {
        const child = new FakeUtilityChild(1000 + children.length);
        children.push(child);
        return child;
      }),
    };
    const pool = createAppPool(utilityProcess, '/app/out/main/worker.js', 2);
    expect(utilityProcess.fork).toHaveBeenCalledTimes(2);
    expect(utilityProcess.fork.mock.calls[0]![0]).toBe('/app/out/main/worker.js');
    // Main side: a utility child's 'message' event carries the message itself.
    for (const child of children) child.emit('message', { type: 'ready', pid: child.pid });
    await pool.ready();
    pool.preload({ root: '/project' });
    await new Promise((r) => setTimeout(r, 0));
    expect(children[0]!.posted).toContainEqual({ type: 'load-project', ref: { root: '/project' } });
    await pool.close();
    expect(children.every((c) => c.killed)).toBe(true);
  });

  it("unwraps the worker side's parentPort messages from { data }", () => {
    const parentPort = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
    const port = utilityPort(parentPort);
    const received = vi.fn();
    port.onMessage(received);
    parentPort.emit('message', { data: { type: 'shutdown' } });
    expect(received).toHaveBeenCalledWith({ type: 'shutdown' });
    port.post({ type: 'ready', pid: 1 });
    expect(parentPort.postMessage).toHaveBeenCalledWith({ type: 'ready', pid: 1 });
  });
});
