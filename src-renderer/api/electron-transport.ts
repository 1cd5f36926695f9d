// The preload's window.api, in either shape it may take: a generic invoke(name, args) or one
// method per command grouped by domain (api.runs.start). Both resolve to a Reply.
import type { Reply } from '../../src-shared/api-transport';
import type { AppEvent, CommandName } from '../../src-shared/contract';
import type { Transport } from './transport';

type Fn = (...args: unknown[]) => unknown;
export type PreloadApi = Record<string, unknown> & {
  invoke?: (name: string, args: unknown) => Promise<Reply<unknown>>;
  onEvent?: (listener: (event: AppEvent) => void) => () => void;
};

export function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke(name: CommandName, args: unknown) {
      if (typeof api.invoke === 'function') return api.invoke(name, args);
      const [domain, method] = name.split('.') as [string, string];
      const fn = (api[domain] as Record<string, Fn> | undefined)?.[method];
      if (typeof fn !== 'function') {
        return Promise.resolve({ ok: false, error: { code: 'unknown-command', message: `The app has no command '${name}'.` } });
      }
      return fn(args) as Promise<Reply<unknown>>;
    },
    subscribe(listener) {
      return typeof api.onEvent === 'function' ? api.onEvent(listener) : () => {};
    },
  };
}
