import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The file under `root` a URL path names, or undefined (missing, a folder, or outside root). */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = normalize(join(root, decoded === '/' ? '/index.html' : decoded));
  if (!file.startsWith(normalize(root) + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}): void {
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.byteLength,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
    ...headers,
  });
  res.end(body);
}
