// Where a past run's output is read from: its kept copy in the object store, read through the
// dataset type the run wrote it with (the catalog entry, its filepath pointed at the copy), so a
// Pickle shows its value and an Excel file its sheet, as today's data shows. Nothing here writes.
import { relative, sep } from 'node:path';
import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { errorMessage } from '../engine/errors';
import type { DatasetFingerprintRecord } from '../history/fingerprint-queries';
import type { CatalogEntry, Project } from '../project/types';
import { ObjectStore, readStoreConfig, type StoredObject } from '../store';

export type StoredOutput =
  /** Not kept (too large) or evicted since: the reason says so, with the fingerprint. */
  | { kind: 'gone'; reason: string }
  /** A SQL table's rows, as the run left the table: read them with `readKeptRows(path)`. */
  | { kind: 'rows'; path: string }
  /** The kept file or folder, read through the run's dataset type. */
  | { kind: 'dataset'; object: StoredObject; dataset: AbstractDataset }
  /** The kept file or folder, when its dataset cannot be built any more: `note` says why. */
  | { kind: 'object'; object: StoredObject; note: string };

export const describeFingerprint = (r: DatasetFingerprintRecord) =>
  `fingerprint ${r.hash}, ${r.bytes} bytes${r.rows !== null ? `, ${r.rows} rows` : ''}${
    r.schema ? `, columns ${r.schema.map((c) => `${c.name} (${c.type})`).join(', ')}` : ''
  }`;

/**
 * The kept copy of a saved output. `recordedType` is the dataset type the run recorded for it:
 * when today's catalog has another type (or no entry), the copy is returned bare, with a note.
 */
export function storedOutput(
  root: string,
  project: Project | undefined,
  record: DatasetFingerprintRecord,
  recordedType: string | undefined,
): StoredOutput {
  const { runId, dataset: name } = record;
  if (record.kept === 'too-large')
    return {
      kind: 'gone',
      reason: `Run ${runId}'s '${name}' was too large to keep, so it cannot be shown as that run wrote it (${describeFingerprint(record)}).`,
    };
  const object = record.kept ? new ObjectStore(root, readStoreConfig(root)).get(record.hash) : undefined;
  if (!object)
    return {
      kind: 'gone',
      reason: `Run ${runId}'s '${name}' is no longer kept (evicted from the store of past outputs), so it cannot be shown as that run wrote it (${describeFingerprint(record)}).`,
    };
  if (object.kind === 'rows') return { kind: 'rows', path: object.path };
  if (!project) return { kind: 'object', object, note: `The project is not loaded, so ${byExtension(root, record)}.` };
  return overDataset(root, project, record, object, recordedType);
}

function byExtension(root: string, r: DatasetFingerprintRecord): string {
  const path = r.path && (relative(root, r.path).startsWith('..') ? r.path : relative(root, r.path));
  return `the kept ${path ? `copy of ${path.split(sep).join('/')}` : 'copy'} is shown by its file extension instead of through its dataset type`;
}

function overDataset(
  root: string,
  project: Project,
  record: DatasetFingerprintRecord,
  object: StoredObject,
  recordedType: string | undefined,
): StoredOutput {
  const { runId, dataset: name } = record;
  let today: AbstractDataset;
  try {
    today = project.createDataset(name);
  } catch (err) {
    const gone = /not in the catalog/.test(errorMessage(err));
    const why = gone ? 'is no longer in the catalog' : `cannot be built from today's catalog (${errorMessage(err)})`;
    return { kind: 'object', object, note: `'${name}' ${why}, so ${byExtension(root, record)}.` };
  }
  if (recordedType && today.typeName !== recordedType)
    return {
      kind: 'object',
      object,
      note: `Run ${runId} wrote '${name}' as a ${recordedType}, but the catalog now says ${today.typeName}, so ${byExtension(root, record)}.`,
    };
  // A partitioned output is kept as its folder (`path`); any other as its one file (`filepath`).
  const key = object.kind === 'folder' ? 'path' : 'filepath';
  try {
    const dataset = project.createDataset(name, {}, (entry: CatalogEntry) => {
      if (!(key in entry)) throw new Error(`its catalog entry has no '${key}'`);
      // The copy is the very file the run wrote: no version folder to look into.
      const { versioned: _versioned, ...rest } = entry;
      return { ...rest, [key]: object.path };
    });
    return { kind: 'dataset', object, dataset };
  } catch (err) {
    return {
      kind: 'object',
      object,
      note: `'${name}' cannot be read through its catalog entry (${errorMessage(err)}), so ${byExtension(root, record)}.`,
    };
  }
}
