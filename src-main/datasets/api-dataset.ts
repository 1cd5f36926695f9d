import { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { DatasetError } from '../engine/errors';
import { asArgs } from './abstract-file-dataset';
import { basicAuth, maskArgs, requestUrl, shownUrl } from './api-request';

/** The constructor object of an APIDataset: Kedro's keys. */
export interface APIDatasetOptions {
  url: string;
  /** GET (default), POST, PUT, DELETE, PATCH, HEAD. Saving needs POST or PUT, as in Kedro. */
  method?: string;
  /** `params` (query), `headers`, `json` (a request body), `timeout` (seconds), `auth` ([user, password]). */
  load_args?: Record<string, unknown>;
  /** As load_args, plus `chunk_size` (100): a saved array is sent in chunks of that many items. */
  save_args?: Record<string, unknown>;
  /** Basic auth as `[user, password]` or `{ username, password }`, or `{ headers: {...} }`. */
  credentials?: unknown;
  metadata?: Record<string, unknown>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);

/**
 * Kedro's api.APIDataset over Node's fetch. Loads the response body: parsed JSON when the server
 * says it is JSON, text otherwise. Saves the data as a JSON body. Credentials and query values
 * never reach describe(), toString() or an error message.
 */
export class APIDataset extends AbstractDataset<unknown> {
  readonly method: string;
  readonly metadata: Record<string, unknown> | undefined;
  private readonly url: string;
  private readonly loadArgs: Record<string, unknown>;
  private readonly saveArgs: Record<string, unknown>;
  private readonly auth: string | undefined;
  private readonly authHeaders: Record<string, string>;
  private readonly hasCredentials: boolean;

  constructor(options: APIDatasetOptions) {
    super();
    const type = 'APIDataset';
    if (!options || typeof options !== 'object')
      throw new DatasetError(`${type} is constructed with one options object, such as { url }.`);
    if (typeof options.url !== 'string' || !/^https?:\/\//i.test(options.url)) {
      throw new DatasetError(
        `${type} needs a 'url' starting with http:// or https://, got ${typeof options.url === 'string' ? `'${shownUrl(options.url)}'` : JSON.stringify(options.url)}.`,
      );
    }
    const method = options.method === undefined ? 'GET' : String(options.method).toUpperCase();
    if (!METHODS.has(method))
      throw new DatasetError(
        `${type}: 'method' must be one of ${[...METHODS].join(', ')}, got ${JSON.stringify(options.method)}.`,
      );
    this.method = method;
    if ((options as { versioned?: unknown }).versioned)
      throw new DatasetError(`${type} is not versioned: remove 'versioned: true' from its entry.`);
    this.loadArgs = asArgs(options.load_args, type, 'load_args');
    this.saveArgs = asArgs(options.save_args, type, 'save_args');
    this.metadata = options.metadata;
    if (this.loadArgs.json !== undefined && (method === 'GET' || method === 'HEAD')) {
      throw new DatasetError(
        `${type}: 'load_args.json' is a request body, which a ${method} request cannot carry; use 'params', or method POST.`,
      );
    }
    const { url, userinfo } = splitUserinfo(options.url);
    this.url = url;
    const creds = options.credentials;
    this.hasCredentials = creds !== undefined && creds !== null;
    const fromCreds =
      creds && typeof creds === 'object' && !Array.isArray(creds) && 'headers' in creds ? undefined : creds;
    this.auth = basicAuth(fromCreds ?? this.loadArgs.auth ?? userinfo, type);
    this.authHeaders = credentialHeaders(creds, type);
  }

  async load(): Promise<unknown> {
    const res = await this.send(this.method, this.loadArgs, this.loadArgs.json);
    return readBody(res, `${this.method} ${shownUrl(this.url)}`);
  }

  async save(data: unknown): Promise<void> {
    if (this.method !== 'POST' && this.method !== 'PUT') {
      throw new DatasetError(
        `APIDataset saves with method POST or PUT, not ${this.method} (${this.method} ${shownUrl(this.url)}): set 'method' in the catalog entry.`,
      );
    }
    const size = this.saveArgs.chunk_size === undefined ? 100 : Number(this.saveArgs.chunk_size);
    if (!Number.isInteger(size) || size < 1)
      throw new DatasetError(
        `APIDataset: 'save_args.chunk_size' must be a positive integer, got ${JSON.stringify(this.saveArgs.chunk_size)}.`,
      );
    const chunks = Array.isArray(data)
      ? Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.slice(i * size, (i + 1) * size))
      : [data];
    for (const chunk of chunks) await this.send(this.method, this.saveArgs, chunk);
  }

  /**
   * As Kedro, the load request succeeds (a 2xx status); but only a GET or HEAD is sent to find out,
   * as any other method may change something on the server.
   */
  async exists(): Promise<boolean> {
    if (this.method !== 'GET' && this.method !== 'HEAD') return false;
    try {
      await this.send(this.method, this.loadArgs, this.loadArgs.json);
      return true;
    } catch {
      return false;
    }
  }

  describe(): Record<string, unknown> {
    const d: Record<string, unknown> = { url: shownUrl(this.url), method: this.method };
    if (Object.keys(this.loadArgs).length) d.load_args = maskArgs(this.loadArgs);
    if (Object.keys(this.saveArgs).length) d.save_args = maskArgs(this.saveArgs);
    if (this.hasCredentials) d.credentials = '***';
    return d;
  }

  private async send(method: string, args: Record<string, unknown>, body: unknown): Promise<Response> {
    const shown = `${method} ${shownUrl(this.url)}`;
    const headers: Record<string, string> = { ...stringRecord(args.headers, 'headers'), ...this.authHeaders };
    if (this.auth) headers.authorization = this.auth;
    let payload: string | undefined;
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
      payload = JSON.stringify(body);
      if (payload === undefined) throw new DatasetError(`APIDataset cannot send ${typeof body} as JSON (${shown}).`);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
    }
    const timeout = args.timeout === undefined || args.timeout === null ? undefined : Number(args.timeout);
    if (timeout !== undefined && !(timeout > 0))
      throw new DatasetError(`APIDataset: 'timeout' must be a number of seconds, got ${JSON.stringify(args.timeout)}.`);
    const target = requestUrl(this.url, args.params);
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        headers,
        body: payload,
        signal: timeout ? AbortSignal.timeout(timeout * 1000) : undefined,
      });
    } catch (err) {
      // Not chained: the request object of the cause holds the headers, credentials included.
      throw new DatasetError(
        `APIDataset request ${shown} failed: ${requestFailure(err, timeout).split(target).join(shownUrl(target))}.`,
      );
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new DatasetError(
        `APIDataset request ${shown} failed with status ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`,
      );
    }
    return res;
  }
}

async function readBody(res: Response, shown: string): Promise<unknown> {
  if (shown.startsWith('HEAD ')) return null;
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return text === '' ? null : JSON.parse(text);
  } catch (err) {
    throw new DatasetError(
      `APIDataset request ${shown}: the response says it is JSON but is not (${(err as Error).message}).`,
    );
  }
}

/** fetch refuses a URL with `user:password@`: those become basic auth. */
function splitUserinfo(raw: string): { url: string; userinfo?: [string, string] } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new DatasetError(`APIDataset: '${shownUrl(raw)}' is not a valid URL.`);
  }
  if (!u.username && !u.password) return { url: raw };
  const userinfo: [string, string] = [decodeURIComponent(u.username), decodeURIComponent(u.password)];
  u.username = '';
  u.password = '';
  return { url: u.toString(), userinfo };
}

function credentialHeaders(creds: unknown, type: string): Record<string, string> {
  if (!creds || typeof creds !== 'object' || Array.isArray(creds) || !('headers' in creds)) return {};
  return stringRecord((creds as { headers: unknown }).headers, 'credentials.headers', type);
}

function stringRecord(value: unknown, key: string, type = 'APIDataset'): Record<string, string> {
  const args = asArgs(value, type, key);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
}

function requestFailure(err: unknown, timeout: number | undefined): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError') return `no response within ${timeout} s (load_args.timeout)`;
  if (e?.cause?.code) return e.cause.code === 'ECONNREFUSED' ? 'connection refused' : e.cause.code;
  if (e?.cause?.message) return e.cause.message;
  return e?.message ?? String(err);
}
