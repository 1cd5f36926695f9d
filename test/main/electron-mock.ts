// The one stand-in for 'electron' (the binary is absent here): tests use it through
// vi.mock('electron', () => import('./electron-mock')) and inspect what the glue did.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  mainFrame = { url: 'app://pipewright/index.html' };
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export const ipcHandlers = new Map<string, (event: unknown, args: unknown) => unknown>();
export const ipcMain = {
  handle: vi.fn((channel: string, fn: (event: unknown, args: unknown) => unknown) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, fn);
  }),
  removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
};

export const windows: BrowserWindow[] = [];
export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loaded: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  loadFile(file: string) {
    this.loaded = `file://${file}`;
    return Promise.resolve();
  }
  show() {}
  static getAllWindows() {
    return windows;
  }
}

export const headerHooks: Array<
  (details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void
> = [];
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: vi.fn((fn) => headerHooks.push(fn)) },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  },
};
export const protocolHandlers = new Map<string, (request: { url: string }) => Response | Promise<Response>>();
export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((scheme: string, fn: (request: { url: string }) => Response | Promise<Response>) =>
    protocolHandlers.set(scheme, fn),
  ),
};
export const shell = { openExternal: vi.fn(() => Promise.resolve()) };
export const nativeTheme = { themeSource: 'system' };
export const Menu = { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() };
export const exposed: Record<string, unknown> = {};
export const contextBridge = { exposeInMainWorld: vi.fn((key: string, value: unknown) => (exposed[key] = value)) };
export const ipcRenderer = {
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: null })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
