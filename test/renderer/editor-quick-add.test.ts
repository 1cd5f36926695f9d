import { describe, expect, it } from 'vitest';
import { matchRank, paramKeys, quickItems, searchItems } from '../../src-renderer/flow/editor/quick-add';
import { SPACEFLIGHTS_FUNCTIONS } from './editor-fixtures';

const items = quickItems(
  [
    ...SPACEFLIGHTS_FUNCTIONS,
    { ref: 'src/other.ts#splitData', name: 'splitData', file: 'src/other.ts', arity: 1 },
    { ref: 'src/prep.ts#preprocessShuttles', name: 'preprocessShuttles', file: 'src/prep.ts', arity: 1 },
  ],
  [
    { name: 'shuttles', type: 'pandas.ExcelDataset', isPattern: false },
    { name: 'model_input_table', type: 'pandas.ParquetDataset', isPattern: false },
    { name: '{name}_raw', type: 'pandas.CSVDataset', isPattern: true },
  ],
  { model_options: { test_size: 0.2, features: ['a'] }, seed: 1 },
);
const names = (q: string) => searchItems(items, q).map((it) => `${it.kind}:${it.name}`);

describe('quick add search', () => {
  it('lists functions, catalog datasets (not patterns) and parameters, each under a unique key', () => {
    expect(items.map((it) => it.name)).toEqual([
      'splitData',
      'trainModel',
      'evaluateModel',
      'splitData',
      'preprocessShuttles',
      'shuttles',
      'model_input_table',
      'parameters',
      'params:model_options',
      'params:model_options.test_size',
      'params:model_options.features',
      'params:seed',
    ]);
    expect(new Set(items.map((it) => it.key)).size).toBe(items.length);
    expect(paramKeys({ a: { b: { c: 1 } } }, '', 3)).toEqual(['params:a', 'params:a.b', 'params:a.b.c']);
  });

  it('ranks exact, then prefix, then word starts (camelCase, _ . :), then inside, then letters in order', () => {
    expect(matchRank('shuttles', 'shuttles')).toBe(0);
    expect(matchRank('shuttles', 'shu')).toBe(1);
    expect(matchRank('preprocessShuttles', 'shu')).toBe(2);
    expect(matchRank('model_input_table', 'input')).toBe(2);
    expect(matchRank('params:model_options.test_size', 'test')).toBe(2);
    expect(matchRank('trainModel', 'ainm')).toBe(3);
    expect(matchRank('evaluateModel', 'evm')).toBe(4);
    expect(matchRank('trainModel', 'xyz')).toBeNull();
    expect(names('shu')).toEqual(['dataset:shuttles', 'function:preprocessShuttles', 'new:shu']);
    expect(names('model').slice(0, 3)).toEqual([
      'dataset:model_input_table',
      'function:trainModel',
      'function:evaluateModel',
    ]);
  });

  it('offers a typed name that is no dataset yet as a new memory dataset, but not a known one', () => {
    expect(searchItems(items, 'features_2').at(-1)).toMatchObject({
      kind: 'new',
      item: { kind: 'dataset', name: 'features_2', datasetType: 'MemoryDataset' },
    });
    expect(names('shuttles')).toEqual(['dataset:shuttles', 'function:preprocessShuttles']);
    expect(names('two words').filter((n) => n.startsWith('new:'))).toEqual([]);
    expect(names('params:nope').filter((n) => n.startsWith('new:'))).toEqual([]);
  });

  it('with nothing typed lists everything, functions first', () => {
    expect(names('')[0]).toBe('function:splitData');
    expect(names('')).toHaveLength(items.length);
  });
});
