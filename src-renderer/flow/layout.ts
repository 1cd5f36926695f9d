// Lays graphs out in a web worker, for what the host's layout does not cover (a tag filter, a
// collapsed namespace, a host that sends none); the worker caches by graph hash in IndexedDB and
// starts on first use.
import type { Layout, LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { layoutKey } from '../../src-shared/graph-layout/layout-key';
import { unpackLayout, type PackedLayout } from '../../src-shared/graph-layout/layout-pack';

const memory = new Map<string, Promise<Layout>>();
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

/** A layout asked for again (a filter set and undone) is computed once, even while under way. */
export function layout(input: LayoutInput): Promise<Layout> {
  const key = layoutKey(input);
  const known = memory.get(key);
  if (known) return known;
  const result = compute(input, key);
  result.catch(() => memory.delete(key));
  if (memory.size > 20) memory.delete(memory.keys().next().value!);
  memory.set(key, result);
  return result;
}

async function compute(input: LayoutInput, key: string): Promise<Layout> {
  const w = startLayoutWorker();
  // No workers (tests): dagre loads only then.
  if (!w) return (await import('../../src-shared/graph-layout/layout-core')).computeLayout(input);
  const packed = await new Promise<PackedLayout>((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, input, key });
  });
  return unpackLayout(input, packed);
}
