import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbstractDataset, MemoryDataset, Pipeline, SequentialRunner } from '../../src-main/engine';
import { listProjectFunctions, loadProject, savePipelineFile } from '../../src-main/project';
import { REGISTRY_ONE, copyProject, rejection, writeProject } from './project-helpers';

const twoPipelines = (ext: string, body: string) =>
  writeProject({ [`src/pipeline_registry.${ext}`]: body, 'src/nodes.js': 'exports.inc = (x) => x + 1;\n' });

describe('the pipeline registry', () => {
  it.each([
    [
      'ts',
      "import { node, pipeline, type Pipeline } from 'pipewright';\nimport { inc } from './nodes';\nexport async function registerPipelines(): Promise<Record<string, Pipeline>> {\n  return { a: pipeline([node(inc, 'x', 'y', { name: 'a' })]), b: pipeline([node(inc, 'y', 'z', { name: 'b' })]) };\n}\n",
    ],
    [
      'js',
      "const { node, pipeline } = require('pipewright');\nconst { inc } = require('./nodes');\nexports.registerPipelines = () => ({ a: pipeline([node(inc, 'x', 'y', { name: 'a' })]), b: pipeline([node(inc, 'y', 'z', { name: 'b' })]) });\n",
    ],
    [
      'mjs',
      "import { node, pipeline } from 'pipewright';\nimport { inc } from './nodes.js';\nexport function registerPipelines() {\n  return { a: pipeline([node(inc, 'x', 'y', { name: 'a' })]), b: pipeline([node(inc, 'y', 'z', { name: 'b' })]) };\n}\n",
    ],
  ])(
    'loads src/pipeline_registry.%s, with the host engine (instanceof holds), and sums __default__',
    async (ext, body) => {
      const project = await loadProject(twoPipelines(ext, body));
      expect(project.pipelines.a).toBeInstanceOf(Pipeline);
      expect(project.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['a', 'b']);
      const catalog = project.createCatalog();
      catalog.add('x', new MemoryDataset({ data: 1 }));
      expect(await new SequentialRunner().run(project.pipelines.__default__, catalog)).toEqual({ z: 3 });
    },
  );

  it("__default__ is the registry's own entry when it defines one", async () => {
    const dir = twoPipelines(
      'ts',
      "import { node, pipeline } from 'pipewright';\nimport { inc } from './nodes';\nexport function registerPipelines() {\n  const a = pipeline([node(inc, 'x', 'y', { name: 'a' })]);\n  return { a, b: pipeline([node(inc, 'y', 'z', { name: 'b' })]), __default__: a };\n}\n",
    );
    const project = await loadProject(dir);
    expect(project.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['a']);
  });

  it('a fresh load picks up edited project files', async () => {
    const dir = writeProject({
      'src/pipeline_registry.ts':
        "import { node, pipeline } from 'pipewright';\nimport { NAME } from './name';\nexport const registerPipelines = () => ({ p: pipeline([node((x: number) => x, 'a', 'b', { name: NAME })]) });\n",
      'src/name.ts': "export const NAME = 'first';\n",
    });
    expect((await loadProject(dir)).pipelines.p.nodes[0].name).toBe('first');
    writeFileSync(join(dir, 'src/name.ts'), "export const NAME = 'second';\n");
    expect((await loadProject(dir)).pipelines.p.nodes[0].name).toBe('second');
  });

  it('importExport loads a project export, such as the DryRunner', async () => {
    const project = await loadProject(copyProject('example', 'variance'));
    const DryRunner = (await project.importExport('src/runner.ts#DryRunner')) as new (o: object) => SequentialRunner;
    expect(await new DryRunner({}).run(project.pipelines.__default__, project.createCatalog())).toEqual({});
    expect((await rejection(project.importExport('src/runner.ts'))).message).toMatch(
      /write it as 'src\/file.ts#exportName'/,
    );
    expect((await rejection(project.importExport('src/missing.ts#X'))).message).toMatch(
      /^Module 'src\/missing.ts' not found/,
    );
  });

  it('a project dataset class is named as src/datasets.ts#MyDataset and gets absolute paths', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': 'upper:\n  type: src/datasets.ts#UpperDataset\n  filepath: data/u.txt\n',
      'src/datasets.ts': [
        "import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';",
        "import { dirname } from 'node:path';",
        "import { AbstractDataset } from 'pipewright';",
        'export class UpperDataset extends AbstractDataset<string> {',
        '  constructor(readonly args: { filepath: string }) { super(); }',
        "  load() { return readFileSync(this.args.filepath, 'utf8'); }",
        '  save(s: string) { mkdirSync(dirname(this.args.filepath), { recursive: true }); writeFileSync(this.args.filepath, s.toUpperCase()); }',
        '}',
      ].join('\n'),
      'src/pipeline_registry.ts': REGISTRY_ONE,
    });
    const catalog = (await loadProject(dir)).createCatalog();
    const ds = catalog.getDataset('upper');
    expect(ds).toBeInstanceOf(AbstractDataset);
    expect((ds as unknown as { args: { filepath: string } }).args.filepath).toBe(join(dir, 'data/u.txt'));
    await catalog.save('upper', 'shout');
    expect(readFileSync(join(dir, 'data/u.txt'), 'utf8')).toBe('SHOUT');
  });
});

describe('pipelines/<name>.json', () => {
  it('is registered under its name; a name also in the registry is an error naming both', async () => {
    const root = copyProject('fixture', 'chain');
    const project = await loadProject(root);
    expect(project.pipelines.doubled.nodes.map(String)).toEqual(['double: double([raw]) -> [doubled]']);
    expect([...project.pipelines.doubled.nodes[0].tags]).toEqual(['editor']);
    writeFileSync(join(root, 'pipelines/clean.json'), readFileSync(join(root, 'pipelines/doubled.json')));
    expect((await rejection(loadProject(root))).message).toBe(
      "Pipeline 'clean' is defined twice: by src/pipeline_registry.ts and by pipelines/clean.json. Rename one of them.",
    );
  });

  it('a function reference that does not exist names the file, node, module and export', async () => {
    const root = copyProject('fixture', 'chain');
    writeFileSync(
      join(root, 'pipelines/doubled.json'),
      JSON.stringify({ nodes: [{ name: 'double', func: 'src/nodes.ts#triple', inputs: 'raw', outputs: 'x' }] }),
    );
    expect((await rejection(loadProject(root))).message).toBe(
      "pipelines/doubled.json, node 'double': module src/nodes.ts has no export 'triple' (it exports NotAFunction, clean, constant, double, summarise).",
    );
    writeFileSync(join(root, 'pipelines/doubled.json'), '{ "nodes": [\n  { "name": 1 }\n]}');
    expect((await rejection(loadProject(root))).message).toMatch(
      /^pipelines\/doubled.json is not a valid pipeline file: nodes.0.name: /,
    );
    writeFileSync(join(root, 'pipelines/doubled.json'), '{ "nodes": [\n  oops\n]}');
    expect((await rejection(loadProject(root))).message).toMatch(
      /^Malformed JSON in pipelines\/doubled.json(:2:3)?: .*oops/s,
    );
  });

  it('with no registry, the pipeline files are the project and __default__ sums them', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': '',
      'src/fns.ts': 'export const inc = (x: number) => x + 1;\n',
      'pipelines/first.json': JSON.stringify({
        nodes: [{ name: 'one', func: 'src/fns.ts#inc', inputs: 'a', outputs: 'b' }],
      }),
      'pipelines/second.json': JSON.stringify({
        nodes: [{ name: 'two', func: 'src/fns.ts#inc', inputs: 'b', outputs: 'c' }],
      }),
    });
    const project = await loadProject(dir);
    expect(project.pipelines.__default__.nodes.map((n) => n.name)).toEqual(['one', 'two']);
    const catalog = project.createCatalog();
    catalog.add('a', new MemoryDataset({ data: 1 }));
    expect(await new SequentialRunner().run(project.pipelines.__default__, catalog)).toEqual({ c: 3 });
  });

  it('savePipelineFile validates then writes atomically; a cycle or duplicate output is refused', async () => {
    const root = copyProject('fixture', 'chain');
    const file = {
      nodes: [
        { name: 'c1', func: 'src/nodes.ts#double', inputs: 'raw', outputs: 'mid', position: { x: 1, y: 2 } },
        { name: 'c2', func: 'src/nodes.ts#double', inputs: 'mid', outputs: 'end', tags: ['t'] },
      ],
    };
    const built = await savePipelineFile(root, 'edited', file);
    expect(built.nodes.map((n) => n.name)).toEqual(['c1', 'c2']);
    expect(JSON.parse(readFileSync(join(root, 'pipelines/edited.json'), 'utf8'))).toEqual(file);
    expect(readdirSync(join(root, 'pipelines')).sort()).toEqual(['doubled.json', 'edited.json']);
    expect((await loadProject(root)).pipelines.edited).toBeInstanceOf(Pipeline);

    const cycle = { nodes: [file.nodes[0], { ...file.nodes[1], outputs: 'raw' }] };
    expect((await rejection(savePipelineFile(root, 'loop', cycle))).message).toMatch(
      /^pipelines\/loop.json: Circular dependencies exist among/,
    );
    const dup = { nodes: [file.nodes[0], { ...file.nodes[1], inputs: 'raw', outputs: 'mid' }] };
    expect((await rejection(savePipelineFile(root, 'dup', dup))).message).toMatch(/^pipelines\/dup.json: .*mid/);
    expect((await rejection(savePipelineFile(root, '../evil', file))).message).toMatch(/not a valid pipeline name/);
    expect(readdirSync(join(root, 'pipelines')).sort()).toEqual(['doubled.json', 'edited.json']);
  });

  it('listProjectFunctions lists exported functions (not classes or constants, not the registry)', async () => {
    const project = await loadProject(copyProject('fixture', 'chain'));
    expect(await listProjectFunctions(project)).toEqual([
      { ref: 'src/nodes.ts#clean', name: 'clean', params: 2 },
      { ref: 'src/nodes.ts#double', name: 'double', params: 1 },
      { ref: 'src/nodes.ts#summarise', name: 'summarise', params: 1 },
    ]);
  });
});
