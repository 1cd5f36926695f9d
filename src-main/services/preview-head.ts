// A table preview from a dataset's first rows (see datasets/dataset-head.ts): the dataset read only
// what the page needs, so paging reads again rather than keeping the whole dataset here.
import type { DatasetPreview } from '../../src-shared/api-types';
import type { DatasetHead } from '../datasets/dataset-head';
import { cell, columnType, type Page, type PreviewContext } from './preview-value';

const TYPE_SAMPLE = 1_000;

export function headPreview(head: DatasetHead, ctx: PreviewContext, page: Page): DatasetPreview {
  const read = head.columns[0]?.length ?? 0;
  const end = Math.min(read, page.offset + page.limit);
  const rows = [];
  for (let r = page.offset; r < end; r++) rows.push(head.columns.map((column) => cell(column[r])));
  return {
    ...ctx,
    kind: 'table',
    columns: head.names.map((name, i) => ({ name, type: columnType(head.columns[i]!.slice(0, TYPE_SAMPLE)) })),
    rowCount: head.rowCount ?? read,
    offset: page.offset,
    rows,
  };
}
