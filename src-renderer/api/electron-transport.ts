// The preload's window.api: `invoke(name, args)` resolving to a Reply, and `onEvent`.
import type { PreloadApi } from '../../src-shared/api-transport';
import type { Transport } from './transport';

export function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (name, args) => api.invoke(name, args as never),
    subscribe: (listener) => api.onEvent(listener),
  };
}
