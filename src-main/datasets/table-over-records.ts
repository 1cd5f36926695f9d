import { AbstractDataset, type IoInfo } from '../engine/catalog/abstract-dataset';
import type { DatasetHead } from './dataset-head';
import { asLoaded, loadAs, toRecords, type Records, type TableOrRecords } from './table-data';

/** What a records dataset offers beyond AbstractDataset (file datasets' versions and paths). */
type RecordsDataset = AbstractDataset<Records> & {
  versions?(): string[];
  loadPath?(): string;
  previewHead?(rows: number): Promise<DatasetHead>;
};

/**
 * A table dataset over a records dataset of the same format (CSV, a SQLite table): the records
 * one reads and writes the file, this one turns its rows into a table (or keeps them as records
 * with `load_args.as: records`) and saves tables as their rows.
 */
export abstract class TableOverRecords extends AbstractDataset<TableOrRecords> {
  static acceptsRoot = true;
  protected readonly inner: RecordsDataset;
  protected readonly as: 'table' | 'records';
  /** The records dataset's head, where it has one (CSV): the preview reads only the first rows. */
  readonly previewHead?: (rows: number) => Promise<DatasetHead>;

  constructor(
    options: { load_args?: unknown },
    make: (options: Record<string, unknown>, as: 'table' | 'records') => RecordsDataset,
  ) {
    super();
    const loadArgs =
      options.load_args && typeof options.load_args === 'object'
        ? { ...(options.load_args as Record<string, unknown>) }
        : options.load_args;
    this.as =
      loadArgs && typeof loadArgs === 'object' ? loadAs(loadArgs as Record<string, unknown>, new.target.name) : 'table';
    // The records dataset's reader must not see it (csv-parse would take it for its own option).
    if (loadArgs && typeof loadArgs === 'object') delete (loadArgs as Record<string, unknown>).as;
    this.inner = make({ ...options, load_args: loadArgs }, this.as);
    const inner = this.inner;
    if (inner.previewHead) this.previewHead = (rows) => inner.previewHead!(rows);
  }

  async load(): Promise<TableOrRecords> {
    return asLoaded(await this.inner.load(), this.as);
  }

  async save(data: TableOrRecords): Promise<void> {
    await this.inner.save(toRecords(data, this.toString()));
  }

  exists(): boolean | Promise<boolean> {
    return this.inner.exists();
  }

  versions(): string[] {
    return this.inner.versions?.() ?? [];
  }

  loadPath(): string | undefined {
    return this.inner.loadPath?.();
  }

  ioInfo(kind: 'load' | 'save'): IoInfo | undefined {
    return this.inner.ioInfo(kind);
  }

  describe(): Record<string, unknown> {
    const d = this.inner.describe();
    return this.as === 'records' ? { ...d, load_args: { ...(d.load_args as object), as: 'records' } } : d;
  }
}
