// `pipewright serve`: POST /api/<command> with JSON args; events as Server-Sent Events at /api/events.
// The served page is authorised by the server's HttpOnly cookie; a token is for other callers.
// EventSource reconnects by itself and the server replays what a reconnecting page missed.
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER, type Reply } from '../../src-shared/api-transport';
import type { AppEvent, CommandName } from '../../src-shared/contract';
import { COMPACT_EVENTS_QUERY, decodeEventBatch } from '../../src-shared/event-wire';
import type { Transport } from './transport';

export interface HttpTransportOptions {
  origin: string;
  token?: string | null;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export function httpTransport(opts: HttpTransportOptions): Transport {
  const doFetch = opts.fetch ?? window.fetch.bind(window);
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | null = null;

  function connect(): EventSource {
    const ES = opts.EventSource ?? window.EventSource;
    const url = new URL(EVENTS_PATH, opts.origin);
    if (opts.token) url.searchParams.set('token', opts.token);
    url.searchParams.set(COMPACT_EVENTS_QUERY.name, COMPACT_EVENTS_QUERY.value);
    const es = new ES(url.toString());
    es.onmessage = (msg) => {
      let events: AppEvent[];
      try {
        events = decodeEventBatch(String(msg.data));
      } catch {
        return;
      }
      // The server sends a burst of events as one message.
      for (const event of events) for (const l of listeners) l(event);
    };
    return es;
  }

  return {
    kind: 'http',
    async invoke(name: CommandName, args: unknown) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.token) headers[TOKEN_HEADER] = opts.token;
      let res: Response;
      try {
        res = await doFetch(`${opts.origin}${API_PREFIX}${name}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(args ?? {}),
        });
      } catch (err) {
        return {
          ok: false,
          error: { code: 'internal', message: `Cannot reach pipewright serve: ${(err as Error).message}` },
        };
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
      source ??= connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}
