// Lays graphs out in a web worker, cached by graph hash in memory and in localStorage so that
// reopening a project draws at once.
import { computeLayout, layoutKey, type LayoutInput, type Positions } from './layout-core';

const memory = new Map<string, Positions>();
const STORE_PREFIX = 'pipewright.layout.';
const STORE_MAX = 12;
let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (p: Positions) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id: number; positions?: Positions; error?: string }>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (!p) return;
      if (e.data.positions) p.resolve(e.data.positions);
      else p.reject(new Error(e.data.error ?? 'layout failed'));
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function layout(input: LayoutInput): Promise<Positions> {
  const key = layoutKey(input);
  const cached = memory.get(key) ?? readStored(key);
  if (cached) return cached;
  const w = getWorker();
  const positions = w
    ? await new Promise<Positions>((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve, reject });
        w.postMessage({ id, input });
      })
    : computeLayout(input);
  memory.set(key, positions);
  store(key, positions);
  return positions;
}

function readStored(key: string): Positions | null {
  try {
    const raw = localStorage.getItem(STORE_PREFIX + key);
    if (!raw) return null;
    const p = JSON.parse(raw) as Positions;
    memory.set(key, p);
    return p;
  } catch {
    return null;
  }
}

function store(key: string, positions: Positions): void {
  try {
    const keys = Object.keys(localStorage).filter((k) => k.startsWith(STORE_PREFIX));
    if (keys.length >= STORE_MAX) for (const k of keys.slice(0, keys.length - STORE_MAX + 1)) localStorage.removeItem(k);
    localStorage.setItem(STORE_PREFIX + key, JSON.stringify(positions));
  } catch {
    // Quota or privacy mode: the in-memory cache still works.
  }
}
