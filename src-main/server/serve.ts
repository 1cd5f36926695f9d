import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { openAppHistory } from '../app-history';
import { createServices, type AppServices, type ServicesOptions } from '../services/create-services';
import { createApiServer } from './api-server';

export interface ServeOptions {
  projectRoot?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  dataDir?: string;
  rendererDir?: string;
  /** Passed to createServices: the history, a pool, a startRun for tests. */
  services?: Partial<Omit<ServicesOptions, 'dataDir' | 'host' | 'initialProject'>>;
}

export interface ServeHandle {
  /** The URL to open, token included. */
  url: string;
  token: string;
  port: number;
  rendererBuilt: boolean;
  services: AppServices;
  close(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PIPEWRIGHT_DATA_DIR) return env.PIPEWRIGHT_DATA_DIR;
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'pipewright');
}

/** Starts the server on 127.0.0.1 only, opening the project first so its errors come before the URL. */
export async function serve(options: ServeOptions = {}): Promise<ServeHandle> {
  const rendererDir = options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer');
  const token = randomBytes(24).toString('base64url');
  const projectRoot = options.projectRoot ? resolve(options.projectRoot) : null;
  const services = createServices({
    version: process.env.npm_package_version ?? '0.1.0',
    openHistory: openAppHistory,
    ...options.services,
    dataDir: options.dataDir ?? defaultDataDir(),
    host: 'serve',
    initialProject: projectRoot,
  });
  try {
    if (projectRoot) await services.projects.open(projectRoot);
  } catch (err) {
    await services.close();
    throw err;
  }
  const api = createApiServer({ services, token, rendererDir, iconPath: join(REPO_ROOT, 'resources', 'icon.png') });
  const { server } = api;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    rendererBuilt: existsSync(join(rendererDir, 'index.html')),
    services,
    close: async () => {
      await services.close();
      api.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
