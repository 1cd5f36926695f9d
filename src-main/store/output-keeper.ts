import { statSync } from 'node:fs';
import type { DatasetFingerprintEvent } from '../../src-shared/run-events';
import type { DatasetFingerprint, DatasetLocation } from '../fingerprint/dataset-fingerprint';
import type { OutputKeeper } from '../fingerprint/run-fingerprints';
import { exportSqlRows } from './export-rows';
import { ObjectStore } from './object-store';
import { readStoreConfig } from './store-config';

/** Keeps each output a run saves in the project's object store, and keeps the store in its budget. */
export function storeKeeper(root: string): OutputKeeper {
  const store = new ObjectStore(root, readStoreConfig(root));
  return {
    async keep(location: DatasetLocation, fp: DatasetFingerprint): Promise<DatasetFingerprintEvent['kept']> {
      if (location.kind === 'sql') {
        if (fp.bytes > store.config.maxObjectBytes) return 'too-large';
        const rows = exportSqlRows(location.file, location.table);
        if (rows === undefined) return undefined;
        return store.put(fp.hash, 'rows', rows, Buffer.byteLength(rows)) === 'too-large' ? 'too-large' : 'rows';
      }
      const kind = statSync(location.path).isDirectory() ? 'folder' : 'file';
      return store.put(fp.hash, kind, location.path, fp.bytes) === 'too-large' ? 'too-large' : kind;
    },
    afterRun: () => void store.gc(),
  };
}
