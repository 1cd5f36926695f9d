// The renderer is served from app://pipewright/, a privileged scheme of our own, instead of file://:
// the page gets a real origin (so IPC trust and navigation rules can name it) and can read nothing
// on disk but the built renderer.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { protocol } from 'electron';
import { ELECTRON_CSP } from '../csp';
import { resolveStatic } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pipewright`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After ready: answers app:// requests from the built renderer's folder. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}

/** True for a URL of our page: app://pipewright/…, or the dev server's in `npm start`. */
export function isAppUrl(url: string, devUrl?: string): boolean {
  if (devUrl) return sameOrigin(url, devUrl);
  return sameOrigin(url, APP_ORIGIN);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The file an app:// URL names under rendererDir, or a 404: other hosts, `..` and missing files alike. */
export function appResponse(rendererDir: string, url: string): Response {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return notFound();
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return notFound();
  // The raw path, not the parsed one: URL parsing folds `..` away, an encoded one would survive.
  const rawPath = url.slice(APP_ORIGIN.length).split(/[?#]/)[0] || '/';
  if (rawPath.split('/').some((part) => part === '..' || safeDecode(part)?.includes('..'))) return notFound();
  const file = resolveStatic(rendererDir, parsed.pathname);
  if (!file) return notFound();
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
  };
  if (file.endsWith('.html')) headers['content-security-policy'] = ELECTRON_CSP;
  return new Response(readFileSync(file), { status: 200, headers });
}

function notFound(): Response {
  return new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return '..';
  }
}

// Compared by scheme and host: Node gives custom schemes the origin 'null'.
function sameOrigin(url: string, base: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(base);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}
