import { writeProject } from '../cli/cli-helpers';

/** summarise → summary (JSON), constant → same (JSON, never changes), split → parts (folder), scores → table (SQLite). */
export function storeProject(): string {
  const dir = writeProject({
    'conf/base/catalog.yml': [
      'summary: { type: JSONDataset, filepath: data/summary.json }',
      'same: { type: JSONDataset, filepath: data/same.json }',
      'parts: { type: PartitionedDataset, path: data/parts, dataset: JSONDataset, filename_suffix: .json }',
      'table: { type: SQLTableDataset, filepath: data/db.sqlite, table_name: scores }',
      '',
    ].join('\n'),
    'conf/base/parameters.yml': 'factor: 2\n',
    'src/nodes.ts': `export const summarise = (factor: number) => ({ total: 10 * factor });
export const constant = () => 1;
export const split = (factor: number) => ({ a: { v: factor }, b: { v: factor + 1 } });
export const scores = (factor: number) => [{ name: 'ann', score: factor }, { name: 'bob', score: factor * 2 }];
`,
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { constant, scores, split, summarise } from './nodes';
export function registerPipelines() {
  return {
    __default__: pipeline([
      node(summarise, 'params:factor', 'summary', { name: 'summarise' }),
      node(constant, [], 'same', { name: 'constant' }),
      node(split, 'params:factor', 'parts', { name: 'split' }),
      node(scores, 'params:factor', 'table', { name: 'scores' }),
    ]),
  };
}
`,
  });
  return dir;
}
