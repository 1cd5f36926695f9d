import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { DatasetError, closeMatches } from '../engine/errors';
import { APIDataset } from './api-dataset';
import { CSVDataset } from './csv-dataset';
import { ExcelDataset } from './excel-dataset';
import { FeatherDataset } from './feather-dataset';
import { ImageDataset } from './image-dataset';
import { JSONDataset } from './json-dataset';
import { ParquetDataset } from './parquet-dataset';
import { PartitionedDataset } from './partitioned-dataset';
import { PickleDataset } from './pickle-dataset';
import { PlotlyDataset, PlotlyJSONDataset, VegaLiteDataset } from './plot-datasets';
import { SQLQueryDataset } from './sql-query-dataset';
import { SQLTableDataset } from './sql-table-dataset';
import { TableCSVDataset } from './table-csv-dataset';
import { TableJSONDataset } from './table-json-dataset';
import { TableSQLDataset } from './table-sql-dataset';
import { TextDataset } from './text-dataset';
import { YAMLDataset } from './yaml-dataset';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DatasetClass = new (options: any) => AbstractDataset;

// A function, not a constant: partitioned-dataset.ts imports this module, and the classes are only
// read when a dataset is built, after every module has loaded.
export function builtInDatasetTypes(): Record<string, DatasetClass> {
  return {
    CSVDataset,
    JSONDataset,
    TextDataset,
    PickleDataset,
    SQLTableDataset,
    PartitionedDataset,
    MemoryDataset,
    YAMLDataset,
    // Kedro's pandas datasets: tables (`load_args.as: records` for records).
    'pandas.CSVDataset': TableCSVDataset,
    'pandas.ExcelDataset': ExcelDataset,
    'pandas.ParquetDataset': ParquetDataset,
    'pandas.FeatherDataset': FeatherDataset,
    'pandas.JSONDataset': TableJSONDataset,
    'pandas.SQLTableDataset': TableSQLDataset,
    'pandas.SQLQueryDataset': SQLQueryDataset,
    'api.APIDataset': APIDataset,
    'plotly.JSONDataset': PlotlyJSONDataset,
    'plotly.PlotlyDataset': PlotlyDataset,
    'vega.VegaLiteDataset': VegaLiteDataset,
    'pillow.ImageDataset': ImageDataset,
  };
}

// Kedro's package and module names before the class: `kedro_datasets.pandas.CSVDataset`, `json.JSONDataset`…
const KEDRO_PACKAGE = /^(?:kedro_datasets\.|kedro\.io\.|kedro\.)/;
const KEDRO_MODULES = /^(?:json|yaml|text|pickle|partitions|io|polars)\./;
/** Types with only a table form, also accepted without `pandas.`. */
const TABLE_ONLY = new Set(['ExcelDataset', 'ParquetDataset', 'FeatherDataset', 'SQLQueryDataset']);
/** Types of one module, also accepted by their class name alone (`APIDataset`). */
const MODULE_OF: Record<string, string> = {
  APIDataset: 'api',
  PlotlyDataset: 'plotly',
  VegaLiteDataset: 'vega',
  ImageDataset: 'pillow',
};

/** Our class for a type name, accepting Kedro's spellings (`pandas.CSVDataset`, `CSVDataSet`). */
export function lookupBuiltInType(type: string): DatasetClass | undefined {
  const types = builtInDatasetTypes();
  let name = type
    .replace(KEDRO_PACKAGE, '')
    .replace(KEDRO_MODULES, '')
    .replace(/DataSet$/, 'Dataset');
  if (TABLE_ONLY.has(name)) name = `pandas.${name}`;
  else if (Object.hasOwn(MODULE_OF, name)) name = `${MODULE_OF[name]}.${name}`;
  return Object.hasOwn(types, name) ? types[name] : undefined;
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

/** "Did you mean" for one unknown type, or nothing. */
export function typeHint(type: string): string | undefined {
  return closeMatches(type, knownTypeNames(), 1)[0];
}

export function unknownTypeMessage(type: string, where: string): string {
  const hint = typeHint(type);
  return (
    `Unknown dataset type '${type}' for ${where}.${hint ? ` Did you mean '${hint}'?` : ''} ` +
    `Known types: ${knownTypeNames().join(', ')}; or a class exported by a project module, as 'src/datasets.ts#MyDataset'.`
  );
}
