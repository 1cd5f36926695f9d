import { readdirSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { DatasetPreview } from '../../src-shared/api-types';
import { canPreviewHead } from '../datasets/dataset-head';
import { PartitionedDataset } from '../datasets/partitioned-dataset';
import { errorMessage } from '../engine/errors';
import type { DatasetFingerprintRecord } from '../history/fingerprint-queries';
import type { Project } from '../project/types';
import type { StoredObject } from '../store';
import { readKeptRows } from './kept-rows';
import { partitionsPreview } from './partitions-preview';
import { previewFile } from './preview-file';
import { headPreview } from './preview-head';
import { previewValue, type Page, type PreviewContext } from './preview-value';
import { ServiceError } from './service-error';
import { storedOutput } from './stored-output-source';

/**
 * A past run's output as that run wrote it, from the object store, read through its dataset type
 * as today's data is previewed; or, when it was not kept, a plain statement saying so with its
 * fingerprint (never today's file under the old run's label). Undefined for outputs recorded
 * without a fingerprint (runs before the store): the caller falls back.
 */
export async function previewStoredOutput(
  root: string,
  project: Project | undefined,
  record: DatasetFingerprintRecord | undefined,
  recordedType: string | undefined,
  ctx: PreviewContext,
  page: Page,
): Promise<DatasetPreview | undefined> {
  if (!record || record.kind !== 'save') return undefined;
  const preview = await previewKept(root, project, record, recordedType, ctx, page);
  return { ...preview, writtenAt: record.at };
}

async function previewKept(
  root: string,
  project: Project | undefined,
  record: DatasetFingerprintRecord,
  recordedType: string | undefined,
  ctx: PreviewContext,
  page: Page,
): Promise<DatasetPreview> {
  const stored = storedOutput(root, project, record, recordedType);
  if (stored.kind === 'gone') return { ...ctx, kind: 'unsupported', reason: stored.reason };
  if (stored.kind === 'rows') return previewValue(await readKeptRows(stored.path), ctx, page);
  if (stored.kind === 'object')
    return { ...(await previewObject(stored.object, record, ctx, page)), note: stored.note };
  const { dataset } = stored;
  try {
    if (canPreviewHead(dataset)) return headPreview(await dataset.previewHead(page.offset + page.limit), ctx, page);
    if (dataset instanceof PartitionedDataset) return await partitionsPreview(dataset, stored.object.path, ctx, page);
    return previewValue(await dataset.load(), ctx, page);
  } catch (err) {
    throw new ServiceError(
      'usage',
      `Cannot read run ${record.runId}'s '${record.dataset}' (kept as ${stored.object.path}) as a ${dataset.typeName}: ${errorMessage(err)}`,
      { cause: err },
    );
  }
}

/** The kept copy by its file's extension: what is left when its dataset cannot be built. */
function previewObject(
  object: StoredObject,
  record: DatasetFingerprintRecord,
  ctx: PreviewContext,
  page: Page,
): Promise<DatasetPreview> | DatasetPreview {
  if (object.kind === 'folder') {
    const files = readdirSync(object.path, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(object.path, f)).isFile())
      .sort()
      .map((f) => ({ partition: f.split(sep).join('/'), bytes: statSync(join(object.path, f)).size }));
    return previewValue(files, ctx, page);
  }
  return previewFile(object.path, ctx, page, extname(record.path ?? ''));
}
