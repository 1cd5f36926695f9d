import { readFile } from 'node:fs/promises';
import { aq } from '../table';
import { CSVDataset, type CsvRecord } from './csv-dataset';
import { parseCsvColumns } from './csv-parse-fast';
import type { FileDatasetOptions } from './abstract-file-dataset';
import { TableOverRecords } from './table-over-records';
import type { TableOrRecords } from './table-data';

/** CSVDataset whose load builds a table from the parser's typed columns, with no records in between. */
class CsvColumnsDataset extends CSVDataset {
  protected async read(path: string): Promise<CsvRecord[]> {
    const text = await readFile(path, { encoding: (this.loadArgs.encoding as BufferEncoding) ?? 'utf8' });
    const { names, columns } = parseCsvColumns(text, this.loadArgs);
    return aq.table(Object.fromEntries(names.map((name, i) => [name, columns[i]])), names) as unknown as CsvRecord[];
  }
}

/**
 * Kedro's pandas.CSVDataset: a CSV file as a table. `load_args` and `save_args` are CSVDataset's
 * (casts, `sep`, `dtype`…), plus `load_args.as: records` for an array of records. Each column
 * gets one type, as in pandas: a column mixing numbers and text is text. Saves a table or
 * records. (Plain `CSVDataset` keeps loading records.)
 */
export class TableCSVDataset extends TableOverRecords {
  constructor(options: FileDatasetOptions) {
    super(options, (o, as) =>
      as === 'records'
        ? new CSVDataset(o as unknown as FileDatasetOptions)
        : new CsvColumnsDataset(o as unknown as FileDatasetOptions),
    );
  }

  async load(): Promise<TableOrRecords> {
    // The columns dataset already gives a table.
    return this.as === 'records' ? super.load() : ((await this.inner.load()) as unknown as TableOrRecords);
  }
}
