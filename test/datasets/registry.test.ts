import { describe, expect, it } from 'vitest';
import { CSVDataset, JSONDataset, PartitionedDataset, TextDataset, builtInDatasetClass, knownTypeNames, lookupBuiltInType } from '../../src-main/datasets';
import { MemoryDataset } from '../../src-main/engine';

describe('built-in dataset types', () => {
  it('knows our names and Kedro spellings', () => {
    expect(knownTypeNames()).toEqual(['CSVDataset', 'JSONDataset', 'TextDataset', 'PickleDataset', 'SQLTableDataset', 'PartitionedDataset', 'MemoryDataset']);
    expect(lookupBuiltInType('CSVDataset')).toBe(CSVDataset);
    expect(lookupBuiltInType('pandas.CSVDataset')).toBe(CSVDataset);
    expect(lookupBuiltInType('kedro_datasets.json.JSONDataset')).toBe(JSONDataset);
    expect(lookupBuiltInType('text.TextDataSet')).toBe(TextDataset);
    expect(lookupBuiltInType('partitions.PartitionedDataset')).toBe(PartitionedDataset);
    expect(lookupBuiltInType('kedro.io.MemoryDataset')).toBe(MemoryDataset);
    expect(lookupBuiltInType('pandas.ParquetDataset')).toBeUndefined();
    expect(lookupBuiltInType('toString')).toBeUndefined();
  });

  it('an unknown type names where it was asked for and lists the known ones', () => {
    expect(() => builtInDatasetClass('CSVDatset', "dataset 'x'")).toThrow(
      "Unknown dataset type 'CSVDatset' for dataset 'x'. Did you mean 'CSVDataset'? Known types: CSVDataset, JSONDataset",
    );
  });
});
