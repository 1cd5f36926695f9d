import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DatasetPreview } from '../../src-shared/api-types';
import { countCsvRows, readCsvHead } from '../datasets/csv-head';
import { ServiceError } from './service-error';
import { headPreview } from './preview-head';
import { bytesPreview, previewValue, type Page, type PreviewContext } from './preview-value';

const MAX_FILE = 64 * 1024 * 1024;

/**
 * A preview of a file a past run wrote, read by its extension (the run's dataset may have changed
 * since); `ext` gives it for a file kept without one (the store of past outputs).
 */
export async function previewFile(
  path: string,
  ctx: PreviewContext,
  page: Page,
  ext = extname(path).toLowerCase(),
): Promise<DatasetPreview> {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { ...ctx, kind: 'empty', reason: `The file ${path} no longer exists.` };
  if (stat.isDirectory())
    return {
      ...ctx,
      kind: 'unsupported',
      reason: `${path} is a folder (a partitioned dataset): pick one of its files.`,
    };
  ext = ext.toLowerCase();
  try {
    if (ext === '.csv' || ext === '.tsv') {
      // Only the page's rows are read, whatever the file's size.
      const head = await readCsvHead(path, { rows: page.offset + page.limit, sep: ext === '.tsv' ? '\t' : ',' });
      return headPreview({ ...head, rowCount: head.complete ? head.rowCount : await countCsvRows(path) }, ctx, page);
    }
    if (stat.size > MAX_FILE)
      return { ...ctx, kind: 'unsupported', reason: `${path} is ${stat.size} bytes, too large to preview.` };
    const bytes = readFileSync(path);
    if (ext === '.json') return previewValue(JSON.parse(bytes.toString('utf8')), ctx, page);
    return bytesPreview(bytes, ctx);
  } catch (err) {
    throw new ServiceError('usage', `Cannot read ${path} for a preview: ${(err as Error).message}`, { cause: err });
  }
}
