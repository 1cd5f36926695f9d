// `pipewright serve`: the same services as the Electron preload, over HTTP (commands) and a
// WebSocket (events), on 127.0.0.1, every API call guarded by a random token.
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER, type Reply } from '../../src-shared/api-transport';
import { SERVE_CSP } from '../csp';
import type { AppServices } from '../services/create-services';
import { dispatch } from '../services/dispatch';
import { resolveStatic, sendFile } from './static-files';

export interface ApiServerOptions {
  services: AppServices;
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

export function createApiServer(options: ApiServerOptions): { server: Server; wss: WebSocketServer } {
  const { services, token } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: String(err?.message ?? err) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLocalHost(req)) return text(res, 421, 'Misdirected request: use http://127.0.0.1.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(API_PREFIX)) {
      if (!hasToken(req, url, token)) return json(res, 401, unauthorized());
      if (req.method !== 'POST') return text(res, 405, 'Use POST for API commands.', { allow: 'POST' });
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body.length ? JSON.parse(body) : {};
      } catch (err) {
        return json(res, 400, { ok: false, error: { code: 'invalid-args', message: `The request body is not JSON: ${(err as Error).message}` } });
      }
      const reply = await dispatch(services.handlers, decodeURIComponent(url.pathname.slice(API_PREFIX.length)), args);
      return json(res, reply.ok ? 200 : (STATUS[reply.error.code] ?? 500), reply);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Method not allowed.');
    if (url.pathname === '/favicon.ico') {
      const icon = options.iconPath && existsSync(options.iconPath) ? options.iconPath : undefined;
      return icon ? sendFile(res, icon, { 'content-type': 'image/png' }) : void res.writeHead(204).end();
    }
    const index = join(options.rendererDir, 'index.html');
    if (!existsSync(index)) {
      return text(res, 503, `The app is not built: run \`npm run build\` (looked for ${index}).`);
    }
    const file = resolveStatic(options.rendererDir, url.pathname);
    // Unknown paths get the app, so a reload on a client-side route still works.
    const target = file ?? (extnameOf(url.pathname) ? undefined : index);
    if (!target) return text(res, 404, 'Not found.');
    const headers: Record<string, string> =
      target.endsWith('.html') ? { 'content-security-policy': SERVE_CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' } : {};
    sendFile(res, target, headers);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== EVENTS_PATH) return refuse('404 Not Found');
    if (!isLocalHost(req)) return refuse('421 Misdirected Request');
    if (!hasToken(req, url, token)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = services.onEvent((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });

  return { server, wss };
}

function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const auth = req.headers.authorization;
  const given =
    (req.headers[TOKEN_HEADER] as string | undefined) ??
    (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined) ??
    url.searchParams.get('token') ??
    '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

// DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host.
function isLocalHost(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
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

const unauthorized = (): Reply<never> => ({
  ok: false,
  error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL `pipewright serve` printed, token included.' },
});

function json(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(data), 'cache-control': 'no-store' });
  res.end(data);
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}
