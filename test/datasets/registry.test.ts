import { describe, expect, it } from 'vitest';
import {
  CSVDataset,
  ExcelDataset,
  JSONDataset,
  ParquetDataset,
  PartitionedDataset,
  SQLQueryDataset,
  TableCSVDataset,
  TextDataset,
  builtInDatasetClass,
  knownTypeNames,
  lookupBuiltInType,
} from '../../src-main/datasets';
import { MemoryDataset } from '../../src-main/engine';

describe('built-in dataset types', () => {
  it('knows our names and Kedro spellings', () => {
    expect(knownTypeNames().slice(0, 7)).toEqual([
      'CSVDataset',
      'JSONDataset',
      'TextDataset',
      'PickleDataset',
      'SQLTableDataset',
      'PartitionedDataset',
      'MemoryDataset',
    ]);
    expect(lookupBuiltInType('CSVDataset')).toBe(CSVDataset);
    expect(lookupBuiltInType('pandas.CSVDataset')).toBe(TableCSVDataset);
    expect(lookupBuiltInType('kedro_datasets.pandas.CSVDataSet')).toBe(TableCSVDataset);
    expect(lookupBuiltInType('pandas.ExcelDataSet')).toBe(ExcelDataset);
    expect(lookupBuiltInType('ParquetDataset')).toBe(ParquetDataset);
    expect(lookupBuiltInType('pandas.SQLQueryDataset')).toBe(SQLQueryDataset);
    expect(lookupBuiltInType('kedro_datasets.json.JSONDataset')).toBe(JSONDataset);
    expect(lookupBuiltInType('text.TextDataSet')).toBe(TextDataset);
    expect(lookupBuiltInType('partitions.PartitionedDataset')).toBe(PartitionedDataset);
    expect(lookupBuiltInType('kedro.io.MemoryDataset')).toBe(MemoryDataset);
    expect(lookupBuiltInType('pandas.GBQTableDataset')).toBeUndefined();
    expect(lookupBuiltInType('toString')).toBeUndefined();
  });

  it('an unknown type names where it was asked for and lists the known ones', () => {
    expect(() => builtInDatasetClass('CSVDatset', "dataset 'x'")).toThrow(
      "Unknown dataset type 'CSVDatset' for dataset 'x'. Did you mean 'CSVDataset'? Known types: CSVDataset, JSONDataset",
    );
  });
});
