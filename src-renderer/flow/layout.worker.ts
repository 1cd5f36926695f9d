import { getCached, putCached, warmCache } from './layout-cache';
import { computeLayout, layoutKey, type LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { packLayout, type PackedLayout } from '../../src-shared/graph-layout/layout-pack';

warmCache();

// The page sends the key it computed for its own cache, so it is not hashed twice.
self.onmessage = async (e: MessageEvent<{ id: number; input: LayoutInput; key?: string }>) => {
  const { id, input } = e.data;
  const post = (packed: PackedLayout) => (self as unknown as Worker).postMessage({ id, packed }, [packed.xy.buffer]);
  try {
    const key = e.data.key ?? layoutKey(input);
    const cached = await getCached(key).catch(() => null);
    if (cached) return post(cached);
    const packed = packLayout(input, computeLayout(input));
    // A copy goes (transferring empties the array it sends); the original is stored.
    post({ ...packed, xy: packed.xy.slice() });
    await putCached(key, packed).catch(() => undefined);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error).message });
  }
};
