import { CSVDataset } from './csv-dataset';
import type { FileDatasetOptions } from './abstract-file-dataset';
import { TableOverRecords } from './table-over-records';

/**
 * Kedro's pandas.CSVDataset: a CSV file as a table. `load_args` and `save_args` are CSVDataset's
 * (casts, `sep`, `dtype`…), plus `load_args.as: records` for an array of records. Saves a table
 * or records. (Plain `CSVDataset` keeps loading records.)
 */
export class TableCSVDataset extends TableOverRecords {
  // The rows come from CSVDataset's record parser; a columnar parser can build the table directly.
  constructor(options: FileDatasetOptions) {
    super(options, (o) => new CSVDataset(o as unknown as FileDatasetOptions));
  }
}
