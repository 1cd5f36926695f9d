import { DatasetError } from '../engine/errors';

// Request pieces of APIDataset, and what of a request may be shown (describe, errors).

/** Header and query names whose values are secrets. */
const SECRET_NAME = /auth|token|key|secret|passw|cookie|session|signature|sig$|credential/i;

/** The `Authorization` header for basic auth from `[user, password]` or `{ username, password }`. */
export function basicAuth(value: unknown, type: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  let pair: unknown[] | undefined;
  if (Array.isArray(value)) pair = value;
  else if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    pair = [v.username ?? v.user, v.password];
  }
  if (!pair || pair.length !== 2 || pair.some((p) => typeof p !== 'string' && typeof p !== 'number')) {
    // The value itself is never shown: it holds the secret.
    throw new DatasetError(
      `${type}: credentials must be [user, password], { username, password } or { headers: {...} }.`,
    );
  }
  return `Basic ${Buffer.from(`${pair[0]}:${pair[1]}`).toString('base64')}`;
}

/** The URL with `params` added to its query (a list repeats the name). */
export function requestUrl(url: string, params: unknown): string {
  if (params === undefined || params === null) return url;
  if (typeof params !== 'object' || Array.isArray(params))
    throw new DatasetError(`APIDataset: 'params' must be a mapping of query names to values.`);
  const u = new URL(url);
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value])
      if (v !== undefined && v !== null) u.searchParams.append(name, String(v));
  }
  return u.toString();
}

/** The URL without `user:password@` and without its query (which may hold keys). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    const noQuery = url.split(/[?#]/)[0]!;
    return noQuery.replace(/\/\/[^/]*@/, '//');
  }
}

/** load_args/save_args as describe() shows them: secret-looking header, query and body values as `***`. */
export function maskArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  if ('auth' in out) out.auth = '***';
  for (const key of ['headers', 'params', 'json'] as const) {
    const v = out[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      out[key] = Object.fromEntries(
        Object.entries(v).map(([name, value]) => [name, SECRET_NAME.test(name) ? '***' : value]),
      );
    }
  }
  return out;
}
