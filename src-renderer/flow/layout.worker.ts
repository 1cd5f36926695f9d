import { computeLayout, type LayoutInput } from './layout-core';

self.onmessage = (e: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = e.data;
  try {
    (self as unknown as Worker).postMessage({ id, positions: computeLayout(input) });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error).message });
  }
};
