import { readFile } from 'node:fs/promises';
import type { Table } from '../table';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import type { DatasetHead, HeadPreviewable } from './dataset-head';
import { asLoaded, loadAs, toTable, type Records, type TableOrRecords } from './table-data';

type Hyparquet = typeof import('hyparquet');
type HyparquetWriter = typeof import('hyparquet-writer');
/** hyparquet's reader of byte ranges of a Parquet file. */
export type ParquetFile = Parameters<Hyparquet['parquetReadObjects']>[0]['file'];
let reader: Hyparquet | undefined;
let writer: HyparquetWriter | undefined;
const hyparquet = () => (reader ??= require('hyparquet') as Hyparquet);
const hyparquetWriter = () => (writer ??= require('hyparquet-writer') as HyparquetWriter);

/**
 * Kedro's pandas.ParquetDataset: a Parquet file as a table (hyparquet reads, hyparquet-writer
 * writes). `load_args.columns` reads only those columns; `load_args.as: records` loads records;
 * `save_args.row_group_size` and `save_args.compression` (snappy or none) shape the file.
 */
export class ParquetDataset extends AbstractFileDataset<TableOrRecords> implements HeadPreviewable {
  private readonly as: 'table' | 'records';

  constructor(options: FileDatasetOptions) {
    super(options);
    this.as = loadAs(this.loadArgs, 'ParquetDataset');
  }

  protected async read(path: string): Promise<TableOrRecords> {
    const bytes = await readFile(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { names, rows } = await this.rows(file);
    return asLoaded(rows, this.as, names);
  }

  /** The first `rows` rows, reading only the row groups that hold them, and the row count of the file. */
  async previewHead(rows: number): Promise<DatasetHead> {
    return this.headOf(await hyparquet().asyncBufferFromFile(this.loadPath()), rows);
  }

  /** `previewHead` over a file given as hyparquet's byte-range reader. */
  async headOf(file: ParquetFile, rows: number): Promise<DatasetHead> {
    const head = await this.rows(file, rows);
    return { names: head.names, columns: head.names.map((n) => head.rows.map((r) => r[n])), rowCount: head.rowCount };
  }

  private async rows(
    file: ParquetFile,
    rowEnd?: number,
  ): Promise<{ names: string[]; rows: Records; rowCount: number }> {
    const { parquetMetadataAsync, parquetReadObjects } = hyparquet();
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw new Error(`not a Parquet file (${(err as Error).message})`, { cause: err });
    }
    const names =
      (this.loadArgs.columns as string[] | undefined) ??
      metadata.schema
        .slice(1)
        .filter((s) => !s.num_children)
        .map((s) => s.name);
    const rows = (await parquetReadObjects({ file, metadata, columns: names, rowEnd })) as Records;
    for (const row of rows)
      for (const k of names) if (typeof row[k] === 'bigint') row[k] = safeNumber(row[k] as bigint);
    return { names, rows, rowCount: Number(metadata.num_rows) };
  }

  protected encode(data: TableOrRecords): Uint8Array {
    const table: Table = toTable(data, this.toString());
    const columnData = table.columnNames().map((name) => ({ name, data: table.array(name) as unknown[] }));
    const buffer = hyparquetWriter().parquetWriteBuffer({
      columnData,
      codec: this.saveArgs.compression === 'none' || this.saveArgs.compression === null ? 'UNCOMPRESSED' : 'SNAPPY',
      ...(this.saveArgs.row_group_size ? { rowGroupSize: Number(this.saveArgs.row_group_size) } : {}),
    });
    return new Uint8Array(buffer);
  }
}

/** int64 values as numbers when exact, as pandas users expect; larger ones stay bigint. */
function safeNumber(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}
