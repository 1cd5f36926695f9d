// `pipewright serve`: the same services as the Electron preload, over HTTP (commands) and
// Server-Sent Events (events), on 127.0.0.1. Every request but the favicon needs the token.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { API_PREFIX, EVENTS_PATH, type Reply } from '../../src-shared/api-transport';
import type { CommandHandlers } from '../../src-shared/contract';
import { SERVE_CSP } from '../csp';
import type { AppServices } from '../services/create-services';
import { dispatch } from '../services/dispatch';
import { isForeignOrigin, isLocalHost, sameToken, tokenCookie, tokenFrom } from './access';
import { EventStream } from './event-stream';
import { resolveStatic, sendFile } from './static-files';

export interface ApiServerOptions {
  services: AppServices;
  /** The commands to answer; the services' own by default. */
  handlers?: CommandHandlers;
  token: string;
  /** The built renderer (out/renderer); without it the page explains how to build. */
  rendererDir: string;
  iconPath?: string;
}

const MAX_BODY = 16 * 1024 * 1024;
const STATUS: Record<string, number> = {
  'invalid-args': 400,
  unauthorized: 401,
  'unknown-command': 404,
  'not-found': 404,
  'no-project': 409,
  usage: 422,
  internal: 500,
};

export function createApiServer(options: ApiServerOptions): { server: Server; close(): void } {
  const { services, token } = options;
  const handlers = options.handlers ?? services.handlers;
  const events = new EventStream();
  const unsubscribe = services.onEvent((event) => events.publish(event));
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent)
        json(res, 500, { ok: false, error: { code: 'internal', message: String(err?.message ?? err) } });
      else res.destroy();
    });
  });
  const port = () => (server.address() as { port: number }).port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLocalHost(req)) return text(res, 421, 'Misdirected request: use http://127.0.0.1.');
    // A page of another site may post a form here; it never gets an answer, let alone a run.
    if (isForeignOrigin(req)) return text(res, 403, 'Forbidden: requests from other sites are refused.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = tokenFrom(req, url, port());
    const authorized = sameToken(given, token);
    if (url.pathname === EVENTS_PATH && req.method === 'GET') {
      return authorized ? events.attach(req, res) : json(res, 401, unauthorized());
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      if (!authorized) return json(res, 401, unauthorized());
      if (req.method !== 'POST') return text(res, 405, 'Use POST for API commands.', { allow: 'POST' });
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      } catch {
        return json(res, 400, {
          ok: false,
          error: { code: 'invalid-args', message: `The command name in ${url.pathname} is not valid URL encoding.` },
        });
      }
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body.length ? JSON.parse(body) : {};
      } catch (err) {
        return json(res, 400, {
          ok: false,
          error: { code: 'invalid-args', message: `The request body is not JSON: ${(err as Error).message}` },
        });
      }
      const reply = await dispatch(handlers, name, args);
      return json(res, reply.ok ? 200 : (STATUS[reply.error.code] ?? 500), reply);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Method not allowed.');
    if (url.pathname === '/favicon.ico') {
      const icon = options.iconPath && existsSync(options.iconPath) ? options.iconPath : undefined;
      return icon ? sendFile(res, icon, { 'content-type': 'image/png' }) : void res.writeHead(204).end();
    }
    if (!authorized) return refusePage(res);
    // The printed URL carries the token once: it becomes a cookie and leaves the address bar.
    if (url.searchParams.has('token')) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: url.pathname + url.search,
        'set-cookie': tokenCookie(port(), token),
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    const index = join(options.rendererDir, 'index.html');
    if (!existsSync(index)) {
      return text(res, 503, `The app is not built: run \`npm run build\` (looked for ${index}).`);
    }
    const file = resolveStatic(options.rendererDir, url.pathname);
    // Unknown paths get the app, so a reload on a client-side route still works.
    const target = file ?? (extnameOf(url.pathname) ? undefined : index);
    if (!target) return text(res, 404, 'Not found.');
    const headers: Record<string, string> = target.endsWith('.html')
      ? { 'content-security-policy': SERVE_CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' }
      : {};
    sendFile(res, target, headers);
  }

  return {
    server,
    close() {
      unsubscribe();
      events.close();
    },
  };
}

function extnameOf(path: string): boolean {
  return /\.[a-z0-9]+$/i.test(path);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > MAX_BODY) {
        reject(new Error(`more than ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const HOW = 'open the URL `pipewright serve` printed, token included.';

const unauthorized = (): Reply<never> => ({
  ok: false,
  error: { code: 'unauthorized', message: `Missing or wrong token: ${HOW}` },
});

function refusePage(res: ServerResponse): void {
  const body = `<!doctype html><meta charset="utf-8"><title>Pipewright</title><p role="status">Missing or wrong token: ${HOW}</p>\n`;
  res.writeHead(401, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'",
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
  });
  res.end(data);
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}
