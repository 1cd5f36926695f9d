// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectFunction } from '../../src-shared/contract';
import { call } from '../../src-renderer/api/client';
import { connectionProblem, emptyDoc, type EditorDoc } from '../../src-renderer/flow/editor/doc';
import { fromGraph, pipelineNameProblem, toFile } from '../../src-renderer/flow/editor/to-file';
import { useEditorStore } from '../../src-renderer/stores/editor';
import { useProjectStore } from '../../src-renderer/stores/project';
import { chainGraph, summary } from './fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));
const mocked = vi.mocked(call);

const FUNCTIONS: ProjectFunction[] = [
  { ref: 'src/nodes.ts#len', name: 'len', file: 'src/nodes.ts', arity: 1 },
  { ref: 'src/nodes.ts#mean', name: 'mean', file: 'src/nodes.ts', arity: 2 },
  { ref: 'src/nodes.ts#clean', name: 'clean', file: 'src/nodes.ts', arity: 1 },
  { ref: 'src/nodes.ts#train', name: 'train', file: 'src/nodes.ts', arity: 2 },
  { ref: 'src/nodes.ts#report', name: 'report', file: 'src/nodes.ts', arity: 1 },
];

beforeEach(() => {
  setActivePinia(createPinia());
  mocked.mockReset();
  useProjectStore().summary = summary();
});

/** An editor with the functions loaded and an empty document. */
async function editor() {
  mocked.mockResolvedValueOnce(FUNCTIONS as never);
  const e = useEditorStore();
  await e.hydrate();
  return e;
}

const at = { x: 0, y: 0 };
const wire = (source: string, target: string, targetHandle: string, sourceHandle = 'out') => ({
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** xs → len → n; xs, n → mean (mean's output left open). Returns the ids. */
async function built() {
  const e = await editor();
  const xs = e.addDataset('xs', 'JSONDataset', at)!;
  const len = e.addFunction('src/nodes.ts#len', at)!;
  const n = e.addDataset('n', 'MemoryDataset', at)!;
  const mean = e.addFunction('src/nodes.ts#mean', at)!;
  expect(e.connect(wire(xs, len, 'in-0'))).toBe(true);
  expect(e.connect(wire(len, n, 'in'))).toBe(true);
  expect(e.connect(wire(xs, mean, 'in-0'))).toBe(true);
  expect(e.connect(wire(n, mean, 'in-1'))).toBe(true);
  return { e, xs, len, n, mean };
}

describe('editor store: commands and undo/redo', () => {
  it('adds nodes with unique names and spots that do not overlap', async () => {
    const e = await editor();
    expect(mocked).toHaveBeenCalledWith('pipelines.functions');
    e.addFunction('src/nodes.ts#mean', at);
    e.addFunction('src/nodes.ts#mean', at);
    const [a, b] = e.doc.nodes;
    expect([a.name, b.name]).toEqual(['mean', 'mean_2']);
    expect(a.position).not.toEqual(b.position);
    expect(e.doc.nodes[0]).toMatchObject({ kind: 'function', func: 'src/nodes.ts#mean', inputCount: 2 });
    // A dataset appears once: adding it again selects it and says why.
    const xs = e.addDataset('xs', 'JSONDataset', at);
    expect(e.addDataset('xs', 'JSONDataset', at)).toBeNull();
    expect(e.selection).toEqual([xs]);
    expect(e.message?.text).toMatch(/already on the canvas/);
  });

  it('undoes and redoes add, connect, move, rename and delete, with labels', async () => {
    const { e, n, mean } = await built();
    const edgesBefore = e.doc.edges.length;
    expect(e.undoLabel).toBe('Connect n → mean');

    e.move({ [mean]: { x: 300, y: 120 } });
    e.rename(mean, 'mean_node');
    e.remove([n]);
    expect(e.doc.nodes.map((x) => x.name)).toEqual(['xs', 'len', 'mean_node']);
    expect(e.doc.edges).toHaveLength(2);

    e.undo();
    expect(e.doc.nodes.map((x) => x.name)).toContain('n');
    expect(e.doc.edges).toHaveLength(edgesBefore);
    e.undo();
    expect(e.doc.nodes.find((x) => x.id === mean)?.name).toBe('mean');
    e.undo();
    expect(e.doc.nodes.find((x) => x.id === mean)?.position).not.toEqual({ x: 300, y: 120 });
    expect(e.message).toMatchObject({ level: 'info', text: 'Undone: Move mean' });
    expect(e.redoLabel).toBe('Move mean');
    e.redo();
    expect(e.message).toMatchObject({ level: 'info', text: 'Redone: Move mean' });
    e.redo();
    expect(e.doc.nodes.find((x) => x.id === mean)).toMatchObject({ name: 'mean_node', position: { x: 300, y: 120 } });
    // A new command drops what could be redone.
    e.setTags(mean, ['stats', ' stats', '']);
    expect(e.canRedo).toBe(false);
    expect(e.doc.nodes.find((x) => x.id === mean)).toMatchObject({ tags: ['stats'] });
    // Undo all the way back to the empty document.
    while (e.canUndo) e.undo();
    expect(e.doc.nodes).toHaveLength(0);
    expect(e.dirty).toBe(false);
  });

  it('a refused command changes nothing and leaves no undo step', async () => {
    const { e, len, mean } = await built();
    const before = e.doc;
    const steps = e.past.length;
    expect(e.connect(wire(len, mean, 'in-1'))).toBe(false);
    expect(e.rename(mean, 'len')).toBe(false);
    expect(e.message?.text).toMatch(/already named 'len'/);
    expect(e.move({ [mean]: { ...e.doc.nodes.find((x) => x.id === mean)!.position } })).toBe(false);
    expect(e.doc).toBe(before);
    expect(e.past).toHaveLength(steps);
  });

  it('deletes the selection with its connections, and fewer inputs drop the connections they had', async () => {
    const { e, xs, mean } = await built();
    e.select([xs]);
    expect(e.removeSelected()).toBe(true);
    expect(e.doc.edges.map((x) => x.source)).not.toContain(xs);
    expect(e.selection).toEqual([]);
    e.undo();
    e.setInputCount(mean, 1);
    expect(e.doc.edges.filter((x) => x.target === mean).map((x) => x.targetHandle)).toEqual(['in-0']);
    e.undo();
    expect(e.doc.edges.filter((x) => x.target === mean)).toHaveLength(2);
  });

  it('setInput replaces a connection in one undo step', async () => {
    const { e, xs, n, mean } = await built();
    expect(e.setInput(mean, 0, n)).toBe(true);
    expect(e.doc.edges.filter((x) => x.target === mean).map((x) => [x.source, x.targetHandle])).toEqual([
      [n, 'in-1'],
      [n, 'in-0'],
    ]);
    e.undo();
    expect(e.doc.edges.find((x) => x.target === mean && x.targetHandle === 'in-0')?.source).toBe(xs);
  });
});

describe('connection rules', () => {
  it('refuses function → function and dataset → dataset, with what to do instead', async () => {
    const { e, xs, len, n, mean } = await built();
    expect(e.checkConnection(wire(len, mean, 'in-1'))).toMatch(
      /'len' and 'mean' are both functions: connect 'len' to a dataset/,
    );
    expect(e.checkConnection(wire(xs, n, 'in'))).toMatch(/both datasets: put a function between them/);
  });

  it('refuses a second producer for a dataset, and a second connection to one input', async () => {
    const { e, xs, n, mean } = await built();
    expect(e.checkConnection(wire(mean, n, 'in'))).toBe(
      "Dataset 'n' is already written by 'len': a dataset has one producer. Write to a new dataset instead.",
    );
    expect(e.checkConnection(wire(n, mean, 'in-0'))).toBe(
      "Input arg1 of 'mean' already reads 'xs': delete that connection first.",
    );
    expect(e.checkConnection(wire(xs, mean, 'in-0'))).toMatch(/already/);
  });

  it('refuses a cycle and names it', async () => {
    const { e, xs, mean } = await built();
    const m = e.addDataset('m', 'MemoryDataset', at)!;
    e.connect(wire(mean, m, 'in'));
    const len2 = e.addFunction('src/nodes.ts#len', at)!;
    e.connect(wire(m, len2, 'in-0'));
    // len_2 → xs would close xs → mean → m → len_2 → xs.
    expect(e.checkConnection(wire(len2, xs, 'in'))).toBe(
      'This connection would make a cycle: len_2 → xs → mean → m → len_2. Pipelines cannot loop.',
    );
    expect(e.connect(wire(len2, xs, 'in'))).toBe(false);
  });

  it('accepts a connection drawn backwards (input to output), and refuses output to output', async () => {
    const e = await editor();
    const xs = e.addDataset('xs', 'JSONDataset', at)!;
    const len = e.addFunction('src/nodes.ts#len', at)!;
    expect(e.connect({ source: len, sourceHandle: 'in-0', target: xs, targetHandle: 'out' })).toBe(true);
    expect(e.doc.edges[0]).toMatchObject({ source: xs, sourceHandle: 'out', target: len, targetHandle: 'in-0' });
    expect(e.checkConnection({ source: len, sourceHandle: 'out', target: xs, targetHandle: 'out' })).toMatch(
      /Both ends are outputs/,
    );
  });

  it('refuses writing a parameter', () => {
    let doc: EditorDoc = emptyDoc();
    doc = {
      ...doc,
      nodes: [
        {
          id: 'f1',
          kind: 'function',
          name: 'a',
          func: 'src/a.ts#a',
          fnName: 'a',
          inputCount: 0,
          tags: [],
          position: at,
        },
        { id: 'd2', kind: 'dataset', name: 'params:rate', datasetType: 'parameter', position: at },
      ],
    };
    expect(connectionProblem(doc, wire('f1', 'd2', 'in'))).toMatch(/is a parameter/);
  });
});

describe('saving', () => {
  it('writes inputs in handle order, one name or a list, with tags and positions', async () => {
    const { e, mean } = await built();
    e.setTags(mean, ['stats']);
    const { file, problems } = toFile(e.doc);
    expect(problems).toEqual([]);
    expect(file.nodes).toEqual([
      { name: 'len', func: 'src/nodes.ts#len', inputs: 'xs', outputs: 'n', position: expect.any(Object) },
      {
        name: 'mean',
        func: 'src/nodes.ts#mean',
        inputs: ['xs', 'n'],
        outputs: null,
        tags: ['stats'],
        position: expect.any(Object),
      },
    ]);
  });

  it('names the problems it can see before asking the host: unconnected inputs, bad or taken names', async () => {
    const e = await editor();
    e.addFunction('src/nodes.ts#mean', at);
    expect(toFile(e.doc).problems.map((p) => p.message)).toEqual([
      "Input arg1 of 'mean' is not connected: connect a dataset or parameter to it, or lower its input count.",
      "Input arg2 of 'mean' is not connected: connect a dataset or parameter to it, or lower its input count.",
    ]);
    expect(await e.save()).toBeNull();
    expect(mocked).toHaveBeenCalledTimes(1);
    expect(e.flagged).toHaveLength(1);
    expect(pipelineNameProblem('my pipe', [], null)).toMatch(/not a valid pipeline name/);
    expect(pipelineNameProblem('__default__', ['__default__'], null)).toMatch(/combined pipeline/);
    expect(pipelineNameProblem('variance', ['variance'], null)).toMatch(/already has a pipeline named 'variance'/);
    expect(pipelineNameProblem('variance', ['variance'], 'variance')).toBeNull();
  });

  it('validates with the host, shows its issues on the nodes, and saves; the project summary follows', async () => {
    const { e, mean } = await built();
    e.renamePipeline('stats');
    mocked.mockResolvedValueOnce({ ok: false, issues: [{ node: 'mean', message: 'boom' }] } as never);
    expect(await e.save()).toBeNull();
    expect(e.message).toMatchObject({ level: 'error', text: 'The engine refused this pipeline: mean: boom' });
    expect(e.flagged).toEqual([mean]);

    const next = {
      ...summary(),
      pipelines: [...summary().pipelines, { name: 'stats', nodeCount: 2, datasetCount: 3, tags: [], namespaces: [] }],
    };
    mocked
      .mockResolvedValueOnce({ ok: true, issues: [] } as never)
      .mockResolvedValueOnce({ path: 'pipelines/stats.json', summary: next } as never);
    expect(await e.save()).toBe('pipelines/stats.json');
    expect(mocked).toHaveBeenLastCalledWith('pipelines.save', { name: 'stats', file: toFile(e.doc).file });
    expect(useProjectStore().pipelines.map((p) => p.name)).toContain('stats');
    expect(e.editing).toBe('stats');
    expect(e.dirty).toBe(false);
    // Saving again overwrites its own file: not a clash.
    mocked
      .mockResolvedValueOnce({ ok: true, issues: [] } as never)
      .mockResolvedValueOnce({ path: 'pipelines/stats.json', summary: next } as never);
    expect(await e.save()).toBe('pipelines/stats.json');
  });

  it("reports the host's refusal to save", async () => {
    const { e } = await built();
    mocked
      .mockResolvedValueOnce({ ok: true, issues: [] } as never)
      .mockRejectedValueOnce(new Error("Pipeline 'x' is defined twice"));
    expect(await e.save()).toBeNull();
    expect(e.message?.text).toBe("Could not save 'new_pipeline': Pipeline 'x' is defined twice");
  });
});

describe('opening a registered pipeline', () => {
  it('rebuilds nodes and connections from the graph; a code pipeline becomes a copy', async () => {
    const graph = chainGraph();
    const { doc, fromFile, warnings, placed } = fromGraph(graph, FUNCTIONS);
    expect(fromFile).toBe(false);
    expect(placed).toEqual([]);
    expect(doc.name).toBe('default_copy');
    expect(warnings).toEqual([]);
    const { file, problems } = toFile(doc);
    expect(problems).toEqual([]);
    expect(file.nodes.map((n) => [n.name, n.func, n.inputs, n.outputs, n.tags])).toEqual([
      ['clean', 'src/nodes.ts#clean', 'raw', 'cleaned', ['prep']],
      ['train', 'src/nodes.ts#train', ['cleaned', 'params:rate'], 'model', ['ml']],
      ['report', 'src/nodes.ts#report', 'raw', 'summary', ['prep']],
    ]);
  });

  it('keeps the positions of a pipeline file, which it then edits in place', async () => {
    const graph = chainGraph();
    graph.pipeline = 'chain';
    graph.nodes.filter((n) => n.kind === 'function').forEach((n, i) => (n.position = { x: 400 * i, y: 50 }));
    const e = await editor();
    mocked.mockResolvedValueOnce(graph as never);
    useProjectStore().summary = {
      ...summary(),
      pipelines: [...summary().pipelines, { name: 'chain', nodeCount: 3, datasetCount: 5, tags: [], namespaces: [] }],
    };
    await e.open('chain');
    expect(e.editing).toBe('chain');
    expect(e.doc.name).toBe('chain');
    expect(e.doc.nodes.find((n) => n.name === 'train')?.position).toEqual({ x: 400, y: 50 });
    expect(e.dirty).toBe(false);
    expect(e.undoLabel).toBe('Open chain');
    e.undo();
    expect(e.doc.nodes).toHaveLength(0);
  });

  it('warns about a function it cannot find, and will not save it', () => {
    const { doc, warnings } = fromGraph(
      chainGraph(),
      FUNCTIONS.filter((f) => f.name !== 'report'),
    );
    expect(warnings[0]).toMatch(/'report' calls 'src\/nodes.ts#report', which is not an exported function/);
    expect(toFile(doc).problems.map((p) => p.message)).toContain(
      "Node 'report' has no project function: delete it and drag the right function from the palette.",
    );
  });
});
