import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src-main/project';
import { summarizeProject } from '../../src-main/services/project-summary';
import { writeProject } from '../project/project-helpers';

const REGISTRY = [
  "import { node, pipeline } from 'pipewright';",
  'export function registerPipelines() {',
  "  return { __default__: pipeline([node((x: number) => x + 1, 'a', 'b', { name: 'inc' })]) };",
  '}',
].join('\n');

describe("the app's summary carries the project's load warnings", () => {
  it('names each broken catalog entry with its file and line, and the other warnings with their file', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml':
        'a:\n  type: JSONDataset\n  filepath: data/a.json\n\nb:\n  type: pandas.CSVDatset\n  filepath: data/b.csv\n',
      'conf/local/catalog.yml': "# local\n'c':\n  type: NoSuchDataset\n",
      'src/pipeline_registry.ts':
        "import { findPipelines, pipeline } from 'pipewright';\nexport function registerPipelines() {\n  const pipelines = findPipelines();\n  return { ...pipelines, __default__: pipeline(Object.values(pipelines)) };\n}\n",
      'src/pipelines/fine/pipeline.ts':
        "import { node, pipeline } from 'pipewright';\nexport const createPipeline = () => pipeline([node((x: number) => x, 'a', 'b', { name: 'inc' })]);\n",
      'src/pipelines/broken/pipeline.ts': 'export const createPipeline = 3;\n',
    });
    const cliWarnings: string[] = [];
    const project = await loadProject(dir, { onWarning: (m) => cliWarnings.push(m) });
    const { problems } = summarizeProject(project);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'catalog', dataset: 'b', file: 'conf/base/catalog.yml', line: 5 }),
      expect.objectContaining({ kind: 'catalog', dataset: 'c', file: 'conf/local/catalog.yml', line: 2 }),
      expect.objectContaining({ kind: 'warning', file: 'src/pipelines/broken/pipeline.ts' }),
    ]);
    expect(problems![0]!.message).toMatch(/^Catalog entry 'b' cannot be built: unknown type 'pandas\.CSVDatset'/);
    // The same warnings the CLI prints, nothing more and nothing less.
    expect(cliWarnings).toHaveLength(2);
    expect(cliWarnings[0]).toContain("'b' in conf/base/catalog.yml");
    expect(problems![2]!.message).toBe(cliWarnings[1]);
  });

  it('a project without warnings has none', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': 'a:\n  type: JSONDataset\n  filepath: data/a.json\n',
      'src/pipeline_registry.ts': REGISTRY,
    });
    expect(summarizeProject(await loadProject(dir, { onWarning: () => {} })).problems).toEqual([]);
  });
});
