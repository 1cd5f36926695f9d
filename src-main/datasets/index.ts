// File datasets and the built-in type registry.
export { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
export { TextDataset } from './text-dataset';
export { JSONDataset } from './json-dataset';
export { CSVDataset, type CsvRecord } from './csv-dataset';
export { PickleDataset } from './pickle-dataset';
export { SQLTableDataset, type SQLTableDatasetOptions } from './sql-table-dataset';
export { PartitionedDataset, type PartitionedDatasetOptions, type PartitionedSave } from './partitioned-dataset';
export { VersionedPath, checkVersionString, type Version } from './versioning';
export { atomicWrite, atomicWriteAsync } from './fs-atomic';
export { builtInDatasetTypes, builtInDatasetClass, lookupBuiltInType, knownTypeNames, type DatasetClass } from './registry';
