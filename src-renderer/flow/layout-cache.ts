// The layout cache by graph hash, in IndexedDB (asynchronous, unlike localStorage, whose first
// read blocks the thread). Used by the worker; any failure just means no cache.
import type { PackedLayout } from '../../src-shared/graph-layout/layout-pack';

// Version 2: layouts are stored packed (layout-pack.ts); version 1's entries are dropped.
const DB = 'pipewright-layouts';
const STORE = 'layouts';
const MAX = 30;
let dbp: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return (dbp ??= new Promise((resolve) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      if (req.result.objectStoreNames.contains(STORE)) req.result.deleteObjectStore(STORE);
      req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  }));
}

/** Opens the database ahead of the first lookup (the worker does at its start, before any graph comes). */
export function warmCache(): void {
  void open();
}

export async function getCached(key: string): Promise<PackedLayout | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    const req = db.transaction(STORE).objectStore(STORE).get(key);
    req.onsuccess = () => resolve((req.result as { layout: PackedLayout } | undefined)?.layout ?? null);
    req.onerror = () => resolve(null);
  });
}

export async function putCached(key: string, layout: PackedLayout): Promise<void> {
  const db = await open();
  if (!db) return;
  const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
  store.put({ layout, at: Date.now() }, key);
  const keys = store.getAllKeys();
  keys.onsuccess = () => {
    // Keys are not in age order; dropping arbitrary old entries past the cap is good enough here.
    const extra = keys.result.length - MAX;
    for (let i = 0; i < extra; i++) if (keys.result[i] !== key) store.delete(keys.result[i]);
  };
}
