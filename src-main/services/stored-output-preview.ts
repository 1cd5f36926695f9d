import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { DatasetPreview } from '../../src-shared/api-types';
import type { DatasetFingerprintRecord } from '../history/fingerprint-queries';
import { ObjectStore, readStoreConfig, type ExportedRows } from '../store';
import { previewFile } from './preview-file';
import { previewValue, type Page, type PreviewContext } from './preview-value';

const describe = (r: DatasetFingerprintRecord) =>
  `fingerprint ${r.hash}, ${r.bytes} bytes${r.rows !== null ? `, ${r.rows} rows` : ''}${
    r.schema ? `, columns ${r.schema.map((c) => `${c.name} (${c.type})`).join(', ')}` : ''
  }`;

/**
 * A past run's output as that run wrote it, from the object store; or, when it was not kept, a
 * plain statement saying so with its fingerprint (never today's file under the old run's label).
 * Undefined for outputs recorded without a fingerprint (runs before the store): the caller falls back.
 */
export async function previewStoredOutput(
  root: string,
  record: DatasetFingerprintRecord | undefined,
  ctx: PreviewContext,
  page: Page,
): Promise<DatasetPreview | undefined> {
  if (!record || record.kind !== 'save') return undefined;
  const runId = record.runId;
  if (record.kept === 'too-large')
    return {
      ...ctx,
      kind: 'unsupported',
      reason: `Run ${runId}'s '${record.dataset}' was too large to keep, so it cannot be shown as that run wrote it (${describe(record)}).`,
    };
  const object = record.kept ? new ObjectStore(root, readStoreConfig(root)).get(record.hash) : undefined;
  if (!object)
    return {
      ...ctx,
      kind: 'unsupported',
      reason: `Run ${runId}'s '${record.dataset}' is no longer kept (evicted from the store of past outputs), so it cannot be shown as that run wrote it (${describe(record)}).`,
    };
  if (object.kind === 'rows') {
    const doc = JSON.parse(readFileSync(object.path, 'utf8')) as ExportedRows;
    const rows = doc.rows.map((r) => Object.fromEntries(doc.columns.map((c, i) => [c.name, r[i]])));
    return previewValue(rows, ctx, page);
  }
  if (object.kind === 'folder') {
    const files = readdirSync(object.path, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(object.path, f)).isFile())
      .sort()
      .map((f) => ({ partition: f.split(sep).join('/'), bytes: statSync(join(object.path, f)).size }));
    return previewValue(files, ctx, page);
  }
  return previewFile(object.path, ctx, page, extname(record.path ?? ''));
}
