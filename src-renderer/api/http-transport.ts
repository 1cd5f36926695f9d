// `pipewright serve`: POST /api/<command> with JSON args, pushes on a WebSocket at /api/events.
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER, type Reply } from '../../src-shared/api-transport';
import type { AppEvent, CommandName } from '../../src-shared/contract';
import type { Transport } from './transport';

export interface HttpTransportOptions {
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export function httpTransport(opts: HttpTransportOptions): Transport {
  const doFetch = opts.fetch ?? window.fetch.bind(window);
  const listeners = new Set<(event: AppEvent) => void>();
  let socket: WebSocket | null = null;
  let retryMs = 250;

  function connect(): void {
    const WS = opts.WebSocket ?? window.WebSocket;
    const url = new URL(EVENTS_PATH, opts.origin.replace(/^http/, 'ws'));
    if (opts.token) url.searchParams.set('token', opts.token);
    const ws = new WS(url.toString());
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
    };
    ws.onmessage = (msg) => {
      let event: AppEvent;
      try {
        event = JSON.parse(String(msg.data)) as AppEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(event);
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      // The server may restart or the laptop sleep: reconnect with a capped backoff.
      setTimeout(() => listeners.size > 0 && !socket && connect(), retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  return {
    kind: 'http',
    async invoke(name: CommandName, args: unknown) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.token) headers[TOKEN_HEADER] = opts.token;
      let res: Response;
      try {
        res = await doFetch(`${opts.origin}${API_PREFIX}${name}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}) });
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: `Cannot reach pipewright serve: ${(err as Error).message}` } };
      }
      const text = await res.text();
      try {
        return JSON.parse(text) as Reply<unknown>;
      } catch {
        const code = res.status === 401 || res.status === 403 ? 'unauthorized' : 'internal';
        return { ok: false, error: { code, message: text.trim() || `HTTP ${res.status} from pipewright serve` } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && socket) {
          const ws = socket;
          socket = null;
          ws.close();
        }
      };
    },
  };
}
