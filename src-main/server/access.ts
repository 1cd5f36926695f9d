// Who may talk to `pipewright serve`: a request from this machine's loopback name (DNS rebinding),
// from no other site (Origin), carrying the token in a header, the query or the page's cookie.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../../src-shared/api-transport';

/** One cookie per port: two servers on 127.0.0.1 must not overwrite each other's token. */
export const cookieName = (port: number): string => `pipewright-${port}`;

/** HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

// A page on evil.example resolved to 127.0.0.1 still sends its own Host.
export function isLocalHost(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * Browsers send Origin on every cross-site request that could change state (a form POST, a
 * fetch); our own page sends none or its own. `null` (a sandboxed frame, a file) is foreign too.
 */
export function isForeignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return origin !== `http://${req.headers.host ?? ''}`;
}

export function tokenFrom(req: IncomingMessage, url: URL, port: number): string | undefined {
  const auth = req.headers.authorization;
  return (
    (req.headers[TOKEN_HEADER] as string | undefined) ??
    (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined) ??
    url.searchParams.get('token') ??
    cookieValue(req.headers.cookie, cookieName(port))
  );
}

export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
