// The Electron main process: lifecycle and the composition root, nothing else.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, shell, utilityProcess } from 'electron';
import { createAppPool, createThreadPool, keepPoolsOnProject, useAppWorkers } from './app-pool';
import { setupIpc } from './ipc';
import { setupMenu } from './menu';
import { createServices, type AppServices } from './services/create-services';
import { isAppUrl, registerAppScheme, serveAppProtocol } from './windows/app-protocol';
import { createMainWindow, secureSession } from './windows/main-window';
import { openAppHistory } from './app-history';

const DOCS_URL = 'https://github.com/pipewright/pipewright#readme';
const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
const devUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;

let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;
let pools: Array<ReturnType<typeof createAppPool>> = [];

// Privileged schemes must be registered before ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (err) => fatal(err));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void services?.close();
    for (const p of pools) void p.close();
  });
}

function start(): void {
  secureSession(isDev);
  serveAppProtocol(join(__dirname, '../renderer'));
  // utilityProcess.fork works only after ready: the warm pool starts here.
  const workerPath = join(__dirname, 'worker.js');
  useAppWorkers(utilityProcess, workerPath);
  const pool = createAppPool(utilityProcess, workerPath);
  const threadPool = createThreadPool(workerPath);
  pools = [pool, threadPool];
  const svc = createServices({
    dataDir: app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    pool,
    threadPool,
    openHistory: openAppHistory,
    pickFolder: pickFolder,
    watchProject: true,
  });
  services = svc;
  const ipc = setupIpc(svc, (url) => isAppUrl(url, devUrl));
  const refreshMenu = () =>
    setupMenu(
      {
        openProject: () => void pickFolder().then((root) => (root ? openProject(root) : undefined)),
        openRecent: (root) => void openProject(root),
        about: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: 'About Pipewright',
            message: `Pipewright ${app.getVersion()}`,
            detail: 'Kedro-style data pipelines on the desktop.',
          }),
        openDocs: () => void shell.openExternal(DOCS_URL),
      },
      { recent: svc.projects.listRecent(), isDev, isMac: process.platform === 'darwin' },
    );
  svc.onEvent((event) => {
    if (event.channel !== 'project') return;
    if (event.kind === 'opened') refreshMenu();
  });
  keepPoolsOnProject(svc, pools);
  refreshMenu();
  openWindow(ipc);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(ipc);
  });
}

function openWindow(ipc: ReturnType<typeof setupIpc>): void {
  mainWindow = createMainWindow({
    preload: join(__dirname, '../preload/index.js'),
    devUrl,
    icon: join(__dirname, '../../resources/icon.png'),
  });
  ipc.trust(mainWindow.webContents);
  mainWindow.on('closed', () => (mainWindow = null));
}

async function pickFolder(): Promise<string | null> {
  const options = { title: 'Open Project', properties: ['openDirectory' as const] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function openProject(root: string): Promise<void> {
  try {
    // The renderer follows the 'project opened' event.
    await services?.projects.open(root);
  } catch (err) {
    dialog.showErrorBox('Cannot open the project', err instanceof Error ? err.message : String(err));
  }
}

function fatal(err: unknown): void {
  dialog.showErrorBox('Pipewright failed to start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
}
