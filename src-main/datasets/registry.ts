import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { DatasetError, closeMatches } from '../engine/errors';
import { CSVDataset } from './csv-dataset';
import { JSONDataset } from './json-dataset';
import { PartitionedDataset } from './partitioned-dataset';
import { PickleDataset } from './pickle-dataset';
import { SQLTableDataset } from './sql-table-dataset';
import { TextDataset } from './text-dataset';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DatasetClass = new (options: any) => AbstractDataset;

// A function, not a constant: partitioned-dataset.ts imports this module, and the classes are only
// read when a dataset is built, after every module has loaded.
export function builtInDatasetTypes(): Record<string, DatasetClass> {
  return { CSVDataset, JSONDataset, TextDataset, PickleDataset, SQLTableDataset, PartitionedDataset, MemoryDataset };
}

// Kedro's module names before the class: `pandas.CSVDataset`, `kedro_datasets.json.JSONDataset`…
const KEDRO_MODULES = /^(?:kedro_datasets\.|kedro\.io\.|kedro\.)?(?:pandas|json|text|pickle|partitions|io|polars)\./;

/** Our class for a type name, accepting Kedro's spellings (`pandas.CSVDataset`, `CSVDataSet`). */
export function lookupBuiltInType(type: string): DatasetClass | undefined {
  const types = builtInDatasetTypes();
  const bare = type.replace(KEDRO_MODULES, '').replace(/DataSet$/, 'Dataset');
  return Object.hasOwn(types, bare) ? types[bare] : undefined;
}

export function knownTypeNames(): string[] {
  return Object.keys(builtInDatasetTypes());
}

/** The built-in class for a type, or an error naming `where` it was asked for and the known types. */
export function builtInDatasetClass(type: string, where: string): DatasetClass {
  const cls = lookupBuiltInType(type);
  if (cls) return cls;
  throw new DatasetError(unknownTypeMessage(type, where));
}

export function unknownTypeMessage(type: string, where: string): string {
  const hint = closeMatches(type, knownTypeNames(), 1);
  return (
    `Unknown dataset type '${type}' for ${where}.${hint.length ? ` Did you mean '${hint[0]}'?` : ''} ` +
    `Known types: ${knownTypeNames().join(', ')}; or a class exported by a project module, as 'src/datasets.ts#MyDataset'.`
  );
}
