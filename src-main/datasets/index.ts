// File datasets and the built-in type registry.
export { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
export { TextDataset } from './text-dataset';
export { JSONDataset } from './json-dataset';
export { YAMLDataset } from './yaml-dataset';
export { CSVDataset, type CsvRecord } from './csv-dataset';
export { PickleDataset } from './pickle-dataset';
export { SQLTableDataset, type SQLTableDatasetOptions } from './sql-table-dataset';
export { PartitionedDataset, type PartitionedDatasetOptions, type PartitionedSave } from './partitioned-dataset';
export { VersionedPath, checkVersionString, type Version } from './versioning';
export { atomicWrite, atomicWriteAsync } from './fs-atomic';
export {
  builtInDatasetTypes,
  builtInDatasetClass,
  lookupBuiltInType,
  knownTypeNames,
  type DatasetClass,
} from './registry';
export { TableCSVDataset } from './table-csv-dataset';
export { TableJSONDataset } from './table-json-dataset';
export { TableSQLDataset } from './table-sql-dataset';
export { SQLQueryDataset, type SQLQueryDatasetOptions } from './sql-query-dataset';
export { ExcelDataset, type ExcelData } from './excel-dataset';
export { ParquetDataset } from './parquet-dataset';
export { FeatherDataset } from './feather-dataset';
export type { TableOrRecords } from './table-data';
export { APIDataset, type APIDatasetOptions } from './api-dataset';
export { PlotlyJSONDataset, PlotlyDataset, VegaLiteDataset, type PlotlyFigure } from './plot-datasets';
export { ImageDataset } from './image-dataset';
