import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DatasetPreview } from '../../src-shared/api-types';
import { ServiceError } from './service-error';
import { bytesPreview, previewValue, type Page, type PreviewContext } from './preview-value';

const MAX_FILE = 64 * 1024 * 1024;

/** A preview of a file a past run wrote, read by its extension (the run's dataset may have changed since). */
export function previewFile(path: string, ctx: PreviewContext, page: Page): DatasetPreview {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { ...ctx, kind: 'empty', reason: `The file ${path} no longer exists.` };
  if (stat.isDirectory()) return { ...ctx, kind: 'unsupported', reason: `${path} is a folder (a partitioned dataset): pick one of its files.` };
  if (stat.size > MAX_FILE) return { ...ctx, kind: 'unsupported', reason: `${path} is ${stat.size} bytes, too large to preview.` };
  const bytes = readFileSync(path);
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.csv' || ext === '.tsv') {
      const rows = parse(bytes, { columns: true, cast: true, skip_empty_lines: true, delimiter: ext === '.tsv' ? '\t' : ',' });
      return previewValue(rows, ctx, page);
    }
    if (ext === '.json') return previewValue(JSON.parse(bytes.toString('utf8')), ctx, page);
  } catch (err) {
    throw new ServiceError('usage', `Cannot read ${path} for a preview: ${(err as Error).message}`, { cause: err });
  }
  return bytesPreview(bytes, ctx);
}
