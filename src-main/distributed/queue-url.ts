// Where the queue is: `--queue`, else `queue:` in conf/base/pipewright.yml. redis://, rediss:// and
// unix:// URLs; credentials stay in the URL the user gives (or REDIS_PASSWORD), never in job data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RunnerError } from '../engine/errors';

export interface RedisTarget {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
}

/** The settings of conf/base/pipewright.yml that DistributedRunner reads (`queue`, `scratch`). */
export function distributedSettings(root: string): { queue?: string; scratch?: string } {
  const file = join(root, 'conf', 'base', 'pipewright.yml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const doc = parse(text) as Record<string, unknown> | null;
  const out: { queue?: string; scratch?: string } = {};
  for (const key of ['queue', 'scratch'] as const) {
    const value = doc?.[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new RunnerError(`'${key}' in ${file} must be a string, not ${typeof value}.`);
    out[key] = value;
  }
  return out;
}

/** The connection options of a queue URL; a clear error for anything else. */
export function parseQueueUrl(url: string, where = '--queue'): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RunnerError(`${where}: '${url}' is not a URL. Use redis://host:port or unix:///path/to/redis.sock.`);
  }
  const auth = {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
  if (!auth.password && process.env.REDIS_PASSWORD) auth.password = process.env.REDIS_PASSWORD;
  if (u.protocol === 'unix:') {
    if (!u.pathname) throw new RunnerError(`${where}: '${url}' names no socket file.`);
    return { path: decodeURIComponent(u.pathname), ...auth };
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new RunnerError(
      `${where}: '${url}' is not a Redis URL. Use redis://host:port, rediss://host:port or unix:///path/to/redis.sock.`,
    );
  }
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new RunnerError(`${where}: '${db}' in '${url}' is not a database number.`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    ...auth,
  };
}

/** The URL without its password, for messages and the worker list. */
export function shownUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
