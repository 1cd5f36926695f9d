import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetPreview } from '../../src-shared/api-types';
import type { PartitionedDataset } from '../datasets/partitioned-dataset';
import { isTable } from '../table';
import { previewValue, type Page, type PreviewContext } from './preview-value';

/** What one partition holds, in one cell: a table by its size and columns, anything else as it is. */
function summary(value: unknown): unknown {
  if (isTable(value))
    return `table: ${value.numRows()} rows × ${value.numCols()} columns (${value.columnNames().join(', ')})`;
  if (Array.isArray(value) && value.length > 20) return `${value.length} items: ${JSON.stringify(value.slice(0, 5))}…`;
  return value;
}

/**
 * A partitioned dataset as a table of its partitions: id, file, size, and the value each holds
 * (loaded through the partition's dataset type, only for the partitions of the page).
 */
export async function partitionsPreview(
  dataset: PartitionedDataset,
  folder: string,
  ctx: PreviewContext,
  page: Page,
): Promise<DatasetPreview> {
  const loaders = dataset.load();
  const suffix = (dataset.describe().filename_suffix as string | undefined) ?? '';
  const ids = Object.keys(loaders);
  const rows: Record<string, unknown>[] = [];
  for (const [i, id] of ids.entries()) {
    const file = id + suffix;
    const inPage = i >= page.offset && i < page.offset + page.limit;
    rows.push({
      partition: id,
      file,
      bytes: statSync(join(folder, ...file.split('/')), { throwIfNoEntry: false })?.size ?? null,
      value: inPage ? summary(await loaders[id]!()) : null,
    });
  }
  return previewValue(rows, ctx, page);
}
