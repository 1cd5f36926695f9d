import { getCached, putCached } from './layout-cache';
import { computeLayout, layoutKey, type LayoutInput } from './layout-core';

self.onmessage = async (e: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = e.data;
  const post = (msg: unknown) => (self as unknown as Worker).postMessage(msg);
  try {
    const key = layoutKey(input);
    const cached = await getCached(key).catch(() => null);
    if (cached) return post({ id, positions: cached });
    const layout = computeLayout(input);
    post({ id, positions: layout });
    await putCached(key, layout).catch(() => undefined);
  } catch (err) {
    post({ id, error: (err as Error).message });
  }
};
