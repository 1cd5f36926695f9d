import { writeProject } from '../cli/cli-helpers';

// Two small PNGs: red for factor 2, blue for any other.
export const RED_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR4nO3OQQ0AAAgEIJPYP4qxbOH5YCMANd2vVHwgJCQklB4ICQkJpQdCQkJC6YGQkNCxBcrgGFt1WfHkAAAAAElFTkSuQmCC';
export const BLUE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR4nO3OQQ0AAAgEIJPYP4qxbOH5YCMA1T2vVHwgJCQklB4ICQkJpQdCQkJC6YGQkNCxBdJoGFu8aoC1AAAAAElFTkSuQmCC';

/** The types of issue 12, each written by one node from `params:factor`: run it with two factors. */
export const PAST_OUTPUTS = {
  csv: 'data/scores.csv',
  json: 'data/summary.json',
  yaml: 'data/summary.yml',
  tableJson: 'data/scores.json',
  pickle: 'data/model.pkl',
  parquet: 'data/scores.parquet',
  excel: 'data/scores.xlsx',
  feather: 'data/scores.feather',
  image: 'data/swatch.png',
  parts: 'data/parts',
  sql: 'data/db.sqlite',
} as const;

/** Which node function writes each output, and the node's name. */
const WRITERS: Record<keyof typeof PAST_OUTPUTS, [string, string]> = {
  csv: ['scores', 'to_csv'],
  parquet: ['scores', 'to_parquet'],
  excel: ['scores', 'to_excel'],
  feather: ['scores', 'to_feather'],
  sql: ['scores', 'to_sql'],
  json: ['summary', 'to_json'],
  yaml: ['summary', 'to_yaml'],
  tableJson: ['scores', 'to_table_json'],
  pickle: ['model', 'to_pickle'],
  image: ['swatch', 'to_image'],
  parts: ['parts', 'to_parts'],
};

export function pastOutputProject(): string {
  return writeProject({
    'conf/base/catalog.yml': [
      `csv: { type: pandas.CSVDataset, filepath: ${PAST_OUTPUTS.csv} }`,
      `json: { type: JSONDataset, filepath: ${PAST_OUTPUTS.json} }`,
      `yaml: { type: YAMLDataset, filepath: ${PAST_OUTPUTS.yaml} }`,
      `tableJson: { type: pandas.JSONDataset, filepath: ${PAST_OUTPUTS.tableJson} }`,
      `pickle: { type: PickleDataset, filepath: ${PAST_OUTPUTS.pickle} }`,
      `parquet: { type: pandas.ParquetDataset, filepath: ${PAST_OUTPUTS.parquet} }`,
      `excel: { type: pandas.ExcelDataset, filepath: ${PAST_OUTPUTS.excel}, save_args: { sheet_name: Scores } }`,
      `feather: { type: pandas.FeatherDataset, filepath: ${PAST_OUTPUTS.feather} }`,
      `image: { type: pillow.ImageDataset, filepath: ${PAST_OUTPUTS.image} }`,
      `parts: { type: PartitionedDataset, path: ${PAST_OUTPUTS.parts}, dataset: pandas.CSVDataset, filename_suffix: .csv }`,
      `sql: { type: pandas.SQLTableDataset, filepath: ${PAST_OUTPUTS.sql}, table_name: scores }`,
      '',
    ].join('\n'),
    'conf/base/parameters.yml': 'factor: 2\n',
    'src/nodes.ts': `const RED = '${RED_PNG}';
const BLUE = '${BLUE_PNG}';
export const scores = (f: number) => [
  { name: 'ann', score: f * 10 },
  { name: 'bob', score: f * 20 },
  { name: 'cy', score: f * 30 },
];
export const summary = (f: number) => ({ total: f * 60, factor: f });
export const model = (f: number) => ({ kind: 'linear', coef: [f, f + 0.5], fitted: new Date(Date.UTC(2024, 0, f)) });
export const swatch = (f: number) => Buffer.from(f === 2 ? RED : BLUE, 'base64');
export const parts = (f: number) => ({ north: [{ city: 'oslo', n: f }], south: [{ city: 'rome', n: f * 2 }] });
`,
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { model, parts, scores, summary, swatch } from './nodes';
export function registerPipelines() {
  return {
    __default__: pipeline([
${Object.entries(WRITERS)
  .map(([dataset, [fn, name]]) => `      node(${fn}, 'params:factor', '${dataset}', { name: '${name}' }),`)
  .join('\n')}
    ]),
  };
}
`,
  });
}
