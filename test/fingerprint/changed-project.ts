import { writeProject } from '../cli/cli-helpers';

/**
 * raw → clean → cleaned (JSON) → scale (params:factor) → scaled (memory) → total → summary (JSON)
 * → report → report (text); and apart: other_raw → side (params:offset) → side_out (JSON).
 * One function per module, so that a change to one module is a change to one function; total's
 * module imports a helper from another.
 */
export function changedProject(): string {
  return writeProject({
    'conf/base/catalog.yml': [
      'raw: { type: JSONDataset, filepath: data/raw.json }',
      'other_raw: { type: JSONDataset, filepath: data/other_raw.json }',
      'cleaned: { type: JSONDataset, filepath: data/cleaned.json }',
      'summary: { type: JSONDataset, filepath: data/summary.json }',
      'report: { type: TextDataset, filepath: data/report.txt }',
      'side_out: { type: JSONDataset, filepath: data/side_out.json }',
      '',
    ].join('\n'),
    'conf/base/parameters.yml': 'factor: 3\noffset: 10\n',
    'conf/base/pipewright.yml': 'objects:\n  keep_memory: true\n',
    'data/raw.json': '[3, -1, 4, 1, 5]',
    'data/other_raw.json': '[1, 2]',
    'src/helpers.ts': 'export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n',
    'src/clean.ts': 'export const clean = (xs: number[]) => xs.filter((x) => x >= 0);\n',
    'src/scale.ts': 'export const scale = (xs: number[], factor: number) => xs.map((x) => x * factor);\n',
    'src/total.ts':
      "import { sum } from './helpers';\n\nexport const total = (xs: number[]) => ({ total: sum(xs) });\n",
    'src/report.ts': 'export const report = (s: { total: number }) => `total ${s.total}\\n`;\n',
    'src/side.ts': 'export const side = (xs: number[], offset: number) => xs.map((x) => x + offset);\n',
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { clean } from './clean';
import { scale } from './scale';
import { total } from './total';
import { report } from './report';
import { side } from './side';

export function registerPipelines() {
  return {
    __default__: pipeline([
      node(clean, 'raw', 'cleaned', { name: 'clean' }),
      node(scale, ['cleaned', 'params:factor'], 'scaled', { name: 'scale' }),
      node(total, 'scaled', 'summary', { name: 'total' }),
      node(report, 'summary', 'report', { name: 'report' }),
      node(side, ['other_raw', 'params:offset'], 'side_out', { name: 'side' }),
    ]),
  };
}
`,
  });
}
