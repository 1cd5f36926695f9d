// Lays graphs out in a web worker; the worker caches by graph hash in IndexedDB, so reopening a
// project draws at once. The worker starts with the app so it is warm when the first graph arrives.
import type { Layout, LayoutInput } from './layout-core';
import { layoutKey } from './layout-key';
import { unpackLayout, type PackedLayout } from './layout-pack';

const memory = new Map<string, Layout>();
let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (p: PackedLayout) => void; reject: (e: Error) => void }>();

export function startLayoutWorker(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id: number; packed?: PackedLayout; error?: string }>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (!p) return;
      if (e.data.packed) p.resolve(e.data.packed);
      else p.reject(new Error(e.data.error ?? 'layout failed'));
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function layout(input: LayoutInput): Promise<Layout> {
  const key = layoutKey(input);
  const cached = memory.get(key);
  if (cached) return cached;
  const w = startLayoutWorker();
  const result = w
    ? unpackLayout(
        input,
        await new Promise<PackedLayout>((resolve, reject) => {
          const id = ++seq;
          pending.set(id, { resolve, reject });
          w.postMessage({ id, input, key });
        }),
      )
    : // Without workers (tests), in the page: dagre is loaded only then.
      (await import('./layout-core')).computeLayout(input);
  if (memory.size > 20) memory.delete(memory.keys().next().value!);
  memory.set(key, result);
  return result;
}
