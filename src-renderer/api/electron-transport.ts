// The preload's window.api: `invoke(name, args)` resolving to a Reply, and `onEvents` (a frame's events at once).
import type { PreloadApi } from '../../src-shared/api-transport';
import type { Transport } from './transport';

export function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (name, args) => api.invoke(name, args as never),
    subscribe: (listener) =>
      api.onEvents((batch) => {
        for (const event of batch) listener(event);
      }),
  };
}
