import { SQLTableDataset, type SQLTableDatasetOptions } from './sql-table-dataset';
import { TableOverRecords } from './table-over-records';

/**
 * Kedro's pandas.SQLTableDataset: a table of a SQLite file as a table. The arguments are
 * SQLTableDataset's (`table_name`, `filepath` or `credentials.con: sqlite:///…`,
 * `save_args.if_exists`), plus `load_args.as: records`. Saves a table or records.
 */
export class TableSQLDataset extends TableOverRecords {
  constructor(options: SQLTableDatasetOptions & { versioned?: boolean }) {
    super(options, (o) => new SQLTableDataset(o as unknown as SQLTableDatasetOptions));
  }
}
