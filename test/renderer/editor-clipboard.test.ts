// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectFunction } from '../../src-shared/contract';
import { call } from '../../src-renderer/api/client';
import { copyNodes, pasteClip, uniqueDatasetName } from '../../src-renderer/flow/editor/clipboard';
import type { EditorDoc } from '../../src-renderer/flow/editor/doc';
import { overlappingPairs } from '../../src-renderer/flow/editor/geometry';
import { toFile } from '../../src-renderer/flow/editor/to-file';
import { useEditorStore } from '../../src-renderer/stores/editor';
import { dataScienceGraph, freshEditorProject, SPACEFLIGHTS_FUNCTIONS } from './editor-fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));
const mocked = vi.mocked(call);

const FUNCTIONS: ProjectFunction[] = [
  { ref: 'src/nodes.ts#len', name: 'len', file: 'src/nodes.ts', arity: 1 },
  { ref: 'src/nodes.ts#mean', name: 'mean', file: 'src/nodes.ts', arity: 2 },
];

beforeEach(() => {
  freshEditorProject();
  mocked.mockReset();
});

/** xs → len → n; xs, n → mean → m. */
async function built() {
  mocked.mockResolvedValueOnce([...FUNCTIONS, ...SPACEFLIGHTS_FUNCTIONS] as never);
  const e = useEditorStore();
  await e.hydrate();
  const at = { x: 0, y: 0 };
  const xs = e.addDataset('xs', 'JSONDataset', at)!;
  const len = e.addFunction('src/nodes.ts#len', at)!;
  const n = e.addDataset('n', 'MemoryDataset', at)!;
  const mean = e.addFunction('src/nodes.ts#mean', at)!;
  const m = e.addDataset('m', 'MemoryDataset', at)!;
  const wire = (source: string, target: string, targetHandle: string) =>
    expect(e.connect({ source, sourceHandle: 'out', target, targetHandle })).toBe(true);
  wire(xs, len, 'in-0');
  wire(len, n, 'in');
  wire(xs, mean, 'in-0');
  wire(n, mean, 'in-1');
  wire(mean, m, 'in');
  return { e, xs, len, n, mean, m };
}

const names = (doc: EditorDoc) => doc.nodes.map((x) => x.name);
const edgesByName = (doc: EditorDoc) =>
  doc.edges.map((x) => {
    const s = doc.nodes.find((n) => n.id === x.source)!.name;
    const t = doc.nodes.find((n) => n.id === x.target)!.name;
    return `${s}>${t}:${x.targetHandle}`;
  });

describe('copy and paste', () => {
  it('pastes a function and the dataset it writes under new names, with the connection between them', async () => {
    const { e, len, n } = await built();
    e.select([len, n]);
    expect(e.copy()).toBe(true);
    expect(e.paste()).toBe(true);
    expect(names(e.doc)).toEqual(['xs', 'len', 'n', 'mean', 'm', 'len_2', 'n_2']);
    expect(edgesByName(e.doc)).toContain('len_2>n_2:in');
    // xs was not copied, so the pasted len reads nothing yet.
    expect(edgesByName(e.doc).filter((x) => x.startsWith('xs>len_2'))).toEqual([]);
    expect(e.selection).toEqual(e.doc.nodes.slice(5).map((x) => x.id));
    expect(e.undoLabel).toBe('Paste 2 nodes');
    expect(overlappingPairs(e.doc)).toEqual([]);
    // Offset from the originals, and again for a second paste.
    const orig = e.doc.nodes.find((x) => x.name === 'len')!.position;
    const copy = e.doc.nodes.find((x) => x.name === 'len_2')!.position;
    expect(copy).not.toEqual(orig);
    e.paste();
    expect(names(e.doc).slice(7)).toEqual(['len_3', 'n_3']);
    expect(overlappingPairs(e.doc)).toEqual([]);
    e.undo();
    e.undo();
    expect(names(e.doc)).toEqual(['xs', 'len', 'n', 'mean', 'm']);
  });

  it('a copied input already on the canvas is read by the pasted functions, not duplicated', async () => {
    const { e, xs, len, n, mean, m } = await built();
    e.select([xs, len, n, mean, m]);
    e.copy();
    e.paste();
    expect(names(e.doc)).toEqual(['xs', 'len', 'n', 'mean', 'm', 'len_2', 'n_2', 'mean_2', 'm_2']);
    expect(edgesByName(e.doc).slice(5).sort()).toEqual(
      ['len_2>n_2:in', 'mean_2>m_2:in', 'n_2>mean_2:in-1', 'xs>len_2:in-0', 'xs>mean_2:in-0'].sort(),
    );
    const { file, problems } = toFile(e.doc);
    expect(problems).toEqual([]);
    expect(file.nodes.map((x) => [x.name, x.inputs, x.outputs])).toEqual([
      ['len', 'xs', 'n'],
      ['mean', ['xs', 'n'], 'm'],
      ['len_2', 'xs', 'n_2'],
      ['mean_2', ['xs', 'n_2'], 'm_2'],
    ]);
    expect(overlappingPairs(e.doc)).toEqual([]);
  });

  it('into another pipeline the nodes keep their names and types; cut removes them in one step', async () => {
    const { e, xs, len, n } = await built();
    e.select([xs, len, n]);
    expect(e.cut()).toBe(true);
    expect(names(e.doc)).toEqual(['mean', 'm']);
    expect(e.undoLabel).toBe('Delete xs, len, n');
    e.newPipeline();
    e.paste();
    expect(names(e.doc)).toEqual(['xs', 'len', 'n']);
    expect(e.doc.nodes[0]).toMatchObject({ kind: 'dataset', datasetType: 'JSONDataset' });
    expect(edgesByName(e.doc)).toEqual(['xs>len:in-0', 'len>n:in']);
  });

  it('keeps keyword-style inputs and outputs, keyed to the pasted datasets', async () => {
    mocked.mockResolvedValueOnce(SPACEFLIGHTS_FUNCTIONS as never);
    const e = useEditorStore();
    await e.hydrate();
    mocked.mockResolvedValueOnce(dataScienceGraph() as never);
    await e.open('data_science');
    const ns = 'active_modelling_pipeline';
    const pick = [`${ns}.split_data_node`, ...['X_train', 'X_test', 'y_train', 'y_test'].map((k) => `${ns}.${k}`)];
    e.select(e.doc.nodes.filter((x) => pick.includes(x.name)).map((x) => x.id));
    e.copy();
    e.paste();
    const pasted = toFile(e.doc).file.nodes.find((x) => x.name === `${ns}.split_data_node_2`)!;
    expect(pasted.outputs).toEqual({
      X_train: `${ns}.X_train_2`,
      X_test: `${ns}.X_test_2`,
      y_train: `${ns}.y_train_2`,
      y_test: `${ns}.y_test_2`,
    });
    expect(overlappingPairs(e.doc)).toEqual([]);
  });

  it('copies nothing without a selected node; pure helpers name and refuse', async () => {
    const { e, xs } = await built();
    e.select([e.doc.edges[0].id]);
    expect(e.copy()).toBe(false);
    expect(copyNodes(e.doc, [])).toBeNull();
    expect(pasteClip(e.doc, { nodes: [], edges: [] })).toEqual({
      error: 'Nothing to paste: copy some nodes first (Ctrl+C).',
    });
    expect(uniqueDatasetName(e.doc, 'xs')).toBe('xs_2');
    expect(uniqueDatasetName(e.doc, 'ys')).toBe('ys');
    // A dataset copied alone is a new dataset with a new name (a memory dataset: its name is not in the catalog).
    e.select([xs]);
    e.copy();
    e.paste();
    expect(e.doc.nodes.at(-1)).toMatchObject({ name: 'xs_2', datasetType: 'MemoryDataset' });
  });
});

describe('multi-select move', () => {
  it('moves several nodes in one undo step', async () => {
    const { e, len, n } = await built();
    const before = e.doc;
    const at = (id: string) => e.doc.nodes.find((x) => x.id === id)!.position;
    e.move({ [len]: { x: at(len).x + 100, y: at(len).y + 50 }, [n]: { x: at(n).x + 100, y: at(n).y + 50 } });
    expect(e.undoLabel).toBe('Move 2 nodes');
    e.undo();
    expect(e.doc).toBe(before);
  });

  it('select all selects every node', async () => {
    const { e } = await built();
    e.selectAll();
    expect(e.selection).toHaveLength(5);
  });
});
