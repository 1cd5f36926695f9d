import { readFile } from 'node:fs/promises';
import { aq } from '../table';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { loadAs, toTable, type TableOrRecords } from './table-data';

/**
 * Kedro's pandas.FeatherDataset: an Arrow IPC file (Feather v2) as a table. `load_args.columns`
 * reads only those columns; `load_args.as: records` loads records. Saves a table or records.
 */
export class FeatherDataset extends AbstractFileDataset<TableOrRecords> {
  private readonly as: 'table' | 'records';

  constructor(options: FileDatasetOptions) {
    super(options);
    this.as = loadAs(this.loadArgs, 'FeatherDataset');
  }

  protected async read(path: string): Promise<TableOrRecords> {
    const bytes = await readFile(path);
    let table;
    try {
      table = aq.fromArrow(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        columns: this.loadArgs.columns as string[] | undefined,
      });
    } catch (err) {
      throw new Error(`not an Arrow IPC (Feather) file (${(err as Error).message})`, { cause: err });
    }
    return this.as === 'records' ? (table.objects() as Array<Record<string, unknown>>) : table;
  }

  protected encode(data: TableOrRecords): Uint8Array {
    return toTable(data, this.toString()).toArrowIPC({ format: 'file' });
  }
}
