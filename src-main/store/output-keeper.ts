import { readFile, stat } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import type { DatasetFingerprintEvent } from '../../src-shared/run-events';
import type { DatasetFingerprint, DatasetLocation } from '../fingerprint/dataset-fingerprint';
import type { OutputKeeper } from '../fingerprint/run-fingerprints';
import { exportSqlRows } from './export-rows';
import { ObjectStore } from './object-store';
import { readStoreConfig } from './store-config';

/**
 * Keeps each output a run saves in the project's object store (and the memory values a later run
 * may reload), and keeps the store in its budget.
 */
export function storeKeeper(root: string): OutputKeeper {
  const store = new ObjectStore(root, readStoreConfig(root));
  return {
    async keep(location: DatasetLocation, fp: DatasetFingerprint): Promise<DatasetFingerprintEvent['kept']> {
      if (location.kind === 'sql') {
        if (fp.bytes > store.config.maxObjectBytes) return 'too-large';
        const rows = await exportSqlRows(location.file, location.table);
        if (rows === undefined) return undefined;
        return (await store.put(fp.hash, 'rows', rows, Buffer.byteLength(rows))) === 'too-large' ? 'too-large' : 'rows';
      }
      const kind = (await stat(location.path)).isDirectory() ? 'folder' : 'file';
      return (await store.put(fp.hash, kind, location.path, fp.bytes)) === 'too-large' ? 'too-large' : kind;
    },
    maxBytes: Math.min(store.config.maxObjectBytes, store.config.maxBytes),
    keepsMemory: store.config.keepMemory,
    async keepValue(key: string, bytes: Uint8Array): Promise<void> {
      await store.put(key, 'value', bytes, bytes.length);
    },
    async loadValue(key: string): Promise<{ value: unknown } | undefined> {
      const path = store.valuePath(key);
      if (!path) return undefined;
      try {
        return { value: deserialize(await readFile(path)) };
      } catch {
        return undefined; // unreadable (evicted meanwhile, or from another Node version): made again
      }
    },
    afterRun: () => void store.gc(),
  };
}
