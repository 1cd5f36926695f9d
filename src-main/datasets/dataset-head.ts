/** The first rows of a dataset, read without loading the whole of it: what a preview shows. */
export interface DatasetHead {
  names: string[];
  /** One array per column, aligned with `names`, holding the first rows. */
  columns: unknown[][];
  /** The rows of the whole dataset, when the dataset knows it cheaply. */
  rowCount?: number;
}

/**
 * A dataset that can show its first rows without a full load (CSV; Parquet, Excel and SQL tables
 * may join). The preview service calls `previewHead` when a dataset has it, instead of `load`.
 */
export interface HeadPreviewable {
  previewHead(rows: number): Promise<DatasetHead>;
}

export function canPreviewHead(dataset: unknown): dataset is HeadPreviewable {
  return typeof (dataset as Partial<HeadPreviewable> | null)?.previewHead === 'function';
}
