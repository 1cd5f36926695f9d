import { BrowserWindow, session, shell, type Session } from 'electron';
import { DEV_CSP, ELECTRON_CSP } from '../csp';
import { APP_INDEX, isAppUrl } from './app-protocol';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  preload: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), in `npm start`. */
  devUrl?: string;
  icon?: string;
}

/** Creates the window, locks it to our own page, and loads the renderer (app://, see app-protocol.ts). */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options.preload, options.icon));
  const contents = win.webContents;
  const ownUrl = (url: string) => isAppUrl(url, options.devUrl);

  // No navigation away from the app and no new windows; web links go to the user's browser.
  contents.on('will-navigate', (event, url) => {
    if (!ownUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!ownUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());

  void win.loadURL(options.devUrl ?? APP_INDEX);
  return win;
}

/** CSP on every response (the renderer's meta tag says the same), and no permission is ever granted. */
export function secureSession(dev: boolean, ses: Session = session.defaultSession): void {
  const csp = dev ? DEV_CSP : ELECTRON_CSP;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}
