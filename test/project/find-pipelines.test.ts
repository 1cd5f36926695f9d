import { describe, expect, it } from 'vitest';
import { findPipelines, Pipeline } from '../../src-main/project/pipewright-module';
import { listProjectFunctions, loadProject } from '../../src-main/project';
import { pipewright } from '../cli/cli-helpers';
import { rejection, writeProject } from './project-helpers';

const DISCOVER =
  "import { findPipelines, pipeline } from 'pipewright';\nexport function registerPipelines() {\n  const pipelines = findPipelines();\n  return { ...pipelines, __default__: pipeline(Object.values(pipelines)) };\n}\n";
const pipelineFile = (name: string, input: string, output: string) =>
  `import { node, pipeline } from 'pipewright';\nexport function createPipeline() {\n  return pipeline([node((x: number) => x + 1, '${input}', '${output}', { name: '${name}' })]);\n}\n`;

describe("findPipelines(), as Kedro's find_pipelines()", () => {
  it('registers src/pipelines/<name>/pipeline.{ts,js,mjs} as <name>; __default__ sums them as the registry says', async () => {
    const project = await loadProject(
      writeProject({
        'src/pipeline_registry.ts': DISCOVER,
        'src/pipelines/first/pipeline.ts': pipelineFile('one', 'a', 'b'),
        'src/pipelines/second/pipeline.js':
          "const { node, pipeline } = require('pipewright');\nexports.createPipeline = () => pipeline([node((x) => x * 2, 'b', 'c', { name: 'two' })]);\n",
        'src/pipelines/third/pipeline.mjs':
          "import { node, pipeline } from 'pipewright';\nexport const createPipeline = () => pipeline([node((x) => x, 'c', 'd', { name: 'three' })]);\n",
        'src/pipelines/shared/helpers.ts': 'export const unused = 1;\n',
        'src/pipelines/.hidden/pipeline.ts': 'throw new Error("never imported");\n',
      }),
    );
    expect(Object.keys(project.pipelines).sort()).toEqual(['__default__', 'first', 'second', 'third']);
    expect(project.pipelines.first).toBeInstanceOf(Pipeline);
    expect(project.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['one', 'two', 'three']);
    expect(project.warnings).toEqual([]);
  });

  it('`return findPipelines()` alone gets the every-pipeline __default__; src/pipeline.ts is __default__ when present', async () => {
    const alone = await loadProject(
      writeProject({
        'src/pipeline_registry.ts':
          "import { findPipelines } from 'pipewright';\nexport const registerPipelines = () => findPipelines();\n",
        'src/pipelines/a/pipeline.ts': pipelineFile('one', 'a', 'b'),
        'src/pipelines/b/pipeline.ts': pipelineFile('two', 'b', 'c'),
      }),
    );
    expect(alone.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['one', 'two']);
    const single = await loadProject(
      writeProject({
        'src/pipeline_registry.ts':
          "import { findPipelines } from 'pipewright';\nexport const registerPipelines = () => findPipelines();\n",
        'src/pipeline.ts': pipelineFile('only', 'x', 'y'),
        'src/pipelines/a/pipeline.ts': pipelineFile('one', 'a', 'b'),
      }),
    );
    expect(single.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['only']);
    expect(single.pipelines.a.nodes.map((n) => n.name)).toEqual(['one']);
  });

  it('a module that fails to import, lacks createPipeline or returns no Pipeline is skipped with a warning naming it', async () => {
    const warnings: string[] = [];
    const project = await loadProject(
      writeProject({
        'src/pipeline_registry.ts': DISCOVER,
        'src/pipelines/good/pipeline.ts': pipelineFile('one', 'a', 'b'),
        'src/pipelines/broken/pipeline.ts':
          "import { nope } from './missing';\nexport const createPipeline = () => nope;\n",
        'src/pipelines/nofactory/pipeline.ts': 'export const other = 1;\n',
        'src/pipelines/notpipeline/pipeline.ts': 'export const createPipeline = () => ({ nodes: [] });\n',
      }),
      { onWarning: (m) => warnings.push(m) },
    );
    expect(Object.keys(project.pipelines).sort()).toEqual(['__default__', 'good']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /^An error occurred while importing src\/pipelines\/broken\/pipeline\.ts: .*missing.*Nothing defined therein is registered by findPipelines\(\)\.$/s,
    );
    expect(warnings[1]).toBe(
      'src/pipelines/nofactory/pipeline.ts does not export a function createPipeline(). Nothing defined therein is registered by findPipelines().',
    );
    expect(warnings[2]).toBe(
      "createPipeline() in src/pipelines/notpipeline/pipeline.ts returned 'Object', not a Pipeline. Nothing defined therein is registered by findPipelines().",
    );
    expect(project.warnings).toEqual(warnings);
  });

  it('raiseErrors turns an import error into a load error; an error inside createPipeline() always fails the load', async () => {
    const raising = writeProject({
      'src/pipeline_registry.ts':
        "import { findPipelines } from 'pipewright';\nexport const registerPipelines = () => findPipelines({ raiseErrors: true });\n",
      'src/pipelines/broken/pipeline.ts':
        "import { nope } from './missing';\nexport const createPipeline = () => nope;\n",
    });
    expect((await rejection(loadProject(raising))).message).toMatch(
      /registerPipelines\(\) in src\/pipeline_registry\.ts failed: An error occurred while importing src\/pipelines\/broken\/pipeline\.ts/,
    );
    const throwing = writeProject({
      'src/pipeline_registry.ts': DISCOVER,
      'src/pipelines/bad/pipeline.ts': "export function createPipeline() { throw new Error('bad wiring'); }\n",
    });
    expect((await rejection(loadProject(throwing))).message).toContain(
      'createPipeline() in src/pipelines/bad/pipeline.ts failed: bad wiring',
    );
  });

  it('outside a project load it says where to call it', () => {
    expect(() => findPipelines()).toThrow(/call it from registerPipelines\(\) in src\/pipeline_registry\.ts/);
  });

  it('works from an async registerPipelines() and sees only its own project when two load at once', async () => {
    const asyncRegistry =
      "import { findPipelines } from 'pipewright';\nexport async function registerPipelines() {\n  await new Promise((r) => setTimeout(r, 20));\n  return findPipelines();\n}\n";
    const a = writeProject({
      'src/pipeline_registry.ts': asyncRegistry,
      'src/pipelines/left/pipeline.ts': pipelineFile('l', 'a', 'b'),
    });
    const b = writeProject({
      'src/pipeline_registry.ts': asyncRegistry,
      'src/pipelines/right/pipeline.ts': pipelineFile('r', 'a', 'b'),
    });
    const [pa, pb] = await Promise.all([loadProject(a), loadProject(b)]);
    expect(Object.keys(pa.pipelines).sort()).toEqual(['__default__', 'left']);
    expect(Object.keys(pb.pipelines).sort()).toEqual(['__default__', 'right']);
  });

  it("leaves no async context tracking on once the project is loaded: a run's awaits are not hooked", async () => {
    // With promise hooks on, a promise continuation runs in an async resource of its own (an id
    // other than 0); tracking left on by discovery would cost every await of the run.
    const dir = writeProject({
      'conf/base/parameters.yml': 'x: 1\n',
      'src/pipeline_registry.ts': DISCOVER,
      'src/pipelines/probe/pipeline.ts':
        "import { executionAsyncId } from 'node:async_hooks';\nimport { node, pipeline } from 'pipewright';\n" +
        'export function createPipeline() {\n  return pipeline([node(async (x: number) => {\n' +
        '    await Promise.resolve();\n    console.log(`async id after an await: ${executionAsyncId()}`);\n    return x;\n' +
        "  }, 'params:x', 'y', { name: 'probe' })]);\n}\n",
    });
    const res = await pipewright(['run', '--project', dir]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/async id after an await: 0\b/);
  });

  it('the CLI prints the warning on stderr and runs the pipelines that loaded', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml':
        'a:\n  type: JSONDataset\n  filepath: data/a.json\nb:\n  type: JSONDataset\n  filepath: data/b.json\n',
      'data/a.json': '1',
      'src/pipeline_registry.ts': DISCOVER,
      'src/pipelines/good/pipeline.ts': pipelineFile('one', 'a', 'b'),
      'src/pipelines/broken/pipeline.ts': 'export const createPipeline = () => { syntax error here\n',
    });
    const res = await pipewright(['run', '--project', dir, '--pipeline', 'good']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/Warning: An error occurred while importing src\/pipelines\/broken\/pipeline\.ts/);
  });
});

describe("the editor's function list", () => {
  it('leaves out the createPipeline() of discovered pipeline modules, keeping node functions written beside it', async () => {
    const project = await loadProject(
      writeProject({
        'src/pipeline_registry.ts': DISCOVER,
        'src/pipelines/sales/pipeline.ts':
          "import { node, pipeline } from 'pipewright';\nexport function total(x: number) { return x; }\nexport function createPipeline() { return pipeline([node(total, 'a', 'b', { name: 'total' })]); }\n",
        'src/nodes.ts': 'export function createPipeline(x: number) { return x; }\n',
      }),
    );
    expect((await listProjectFunctions(project)).map((f) => f.ref)).toEqual([
      'src/nodes.ts#createPipeline',
      'src/pipelines/sales/pipeline.ts#total',
    ]);
  });
});
