// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../src-renderer/api/client';
import { layoutInput } from '../../src-renderer/flow/editor/arrange';
import type { EditorDoc } from '../../src-renderer/flow/editor/doc';
import { boxOf, freeSpot, overlappingPairs, overlaps } from '../../src-renderer/flow/editor/geometry';
import { toFile } from '../../src-renderer/flow/editor/to-file';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { useEditorStore } from '../../src-renderer/stores/editor';
import { dataScienceGraph, freshEditorProject, SPACEFLIGHTS_FUNCTIONS } from './editor-fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));
const mocked = vi.mocked(call);

beforeEach(() => {
  freshEditorProject();
  mocked.mockReset();
});

async function opened(graph = dataScienceGraph()) {
  mocked.mockResolvedValueOnce(SPACEFLIGHTS_FUNCTIONS as never);
  const e = useEditorStore();
  await e.hydrate();
  mocked.mockResolvedValueOnce(graph as never);
  await e.open(graph.pipeline);
  return e;
}

const named = (doc: EditorDoc, name: string) => doc.nodes.find((n) => n.name === name)!;

describe('opening a pipeline lays it out as the graph view does', () => {
  it("spaceflights' data_science: top to bottom, the graph view's layout, no two nodes overlapping", async () => {
    const e = await opened();
    expect(e.doc.nodes).toHaveLength(21);
    expect(overlappingPairs(e.doc)).toEqual([]);
    // The graph view's own layout code, fed the sizes the editor draws: the same positions.
    const layout = computeLayout(layoutInput(e.doc));
    for (const n of e.doc.nodes) expect(n.position).toEqual(layout.nodes[n.id]);
    // Top to bottom: what a function reads is above it, what it writes below it.
    for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
      const split = named(e.doc, `${ns}.split_data_node`);
      expect(named(e.doc, 'model_input_table').position.y).toBeLessThan(split.position.y);
      expect(named(e.doc, `${ns}.X_train`).position.y).toBeGreaterThan(split.position.y);
      expect(named(e.doc, `${ns}.metrics`).position.y).toBeGreaterThan(named(e.doc, `${ns}.regressor`).position.y);
    }
  });

  it('keeps the positions a pipeline file saved and places its datasets apart, around them', async () => {
    const graph = dataScienceGraph();
    // Functions saved in two rows, the last two on top of each other (as an older editor could leave them).
    graph.nodes
      .filter((n) => n.kind === 'function')
      .forEach((n, i) => (n.position = { x: Math.min(i % 3, 1) * 400, y: Math.floor(i / 3) * 300 }));
    const e = await opened(graph);
    expect(e.editing).toBe('data_science');
    expect(named(e.doc, 'active_modelling_pipeline.train_model_node').position).toEqual({ x: 400, y: 0 });
    expect(named(e.doc, 'candidate_modelling_pipeline.split_data_node').position).toEqual({ x: 0, y: 300 });
    expect(overlappingPairs(e.doc)).toEqual([]);
    // Each output still sits below the function that writes it.
    const train = named(e.doc, 'active_modelling_pipeline.train_model_node');
    expect(named(e.doc, 'active_modelling_pipeline.regressor').position.y).toBeGreaterThan(train.position.y);
  });

  it('a pipeline saved from a tidy layout reopens exactly as it was, datasets included', async () => {
    const tidy = (await opened()).doc;
    freshEditorProject();
    // Only the functions' positions are in the file.
    const graph = dataScienceGraph();
    for (const g of graph.nodes) if (g.kind === 'function') g.position = named(tidy, g.name).position;
    const e = await opened(graph);
    for (const n of e.doc.nodes) expect([n.name, n.position]).toEqual([n.name, named(tidy, n.name).position]);
  });

  it('saves keyword-style inputs and outputs back in full after opening and tidying', async () => {
    const e = await opened();
    expect(await e.tidy()).toBe(false);
    const split = toFile(e.doc).file.nodes.find((n) => n.name === 'active_modelling_pipeline.split_data_node')!;
    expect(split.outputs).toEqual({
      X_train: 'active_modelling_pipeline.X_train',
      X_test: 'active_modelling_pipeline.X_test',
      y_train: 'active_modelling_pipeline.y_train',
      y_test: 'active_modelling_pipeline.y_test',
    });
    expect(split.inputs).toEqual(['model_input_table', 'params:active_modelling_pipeline.model_options']);
  });
});

describe('Tidy up', () => {
  it('lays a messy document out again in one undo step', async () => {
    const e = await opened();
    const tidy = e.doc;
    const ids = e.doc.nodes.map((n) => n.id);
    e.move(Object.fromEntries(ids.map((id, i) => [id, { x: (i % 2) * 30, y: (i % 3) * 20 }])));
    expect(overlappingPairs(e.doc).length).toBeGreaterThan(10);
    expect(await e.tidy()).toBe(true);
    expect(e.undoLabel).toBe('Tidy up');
    expect(overlappingPairs(e.doc)).toEqual([]);
    for (const n of e.doc.nodes) expect(n.position).toEqual(tidy.nodes.find((t) => t.id === n.id)!.position);
    e.undo();
    expect(overlappingPairs(e.doc).length).toBeGreaterThan(10);
    // Already tidy: nothing to undo, and it says so.
    e.redo();
    expect(await e.tidy()).toBe(false);
    expect(e.message?.text).toMatch(/Already tidy/);
  });
});

describe('placing nodes added from the keyboard', () => {
  it('never puts a node on another, however many are added at one spot', async () => {
    const e = await opened();
    const at = named(e.doc, 'model_input_table').position;
    for (let i = 0; i < 8; i++) e.addFunction(SPACEFLIGHTS_FUNCTIONS[i % 3].ref, at);
    for (let i = 0; i < 4; i++) e.addDataset(`new_${i}`, 'MemoryDataset', at);
    expect(e.doc.nodes).toHaveLength(33);
    expect(overlappingPairs(e.doc)).toEqual([]);
  });

  it('freeSpot keeps a margin from every box and stays near the point asked for', () => {
    const taken = [
      { x: 0, y: 0, width: 200, height: 60 },
      { x: 0, y: 90, width: 200, height: 60 },
    ];
    const p = freeSpot(taken, { width: 150, height: 44 }, { x: 10, y: 10 });
    for (const b of taken) expect(overlaps({ ...p, width: 150, height: 44 }, b, 23)).toBe(false);
    expect(Math.hypot(p.x - 10, p.y - 10)).toBeLessThan(300);
    expect(freeSpot([], { width: 10, height: 10 }, { x: 5.4, y: 7.6 })).toEqual({ x: 5, y: 8 });
  });

  it('overlappingPairs names each pair once, and touching is not overlapping', () => {
    const doc: EditorDoc = {
      name: 'p',
      seq: 4,
      edges: [],
      nodes: ['a', 'b', 'c'].map((name, i) => ({
        id: `d${i}`,
        kind: 'dataset' as const,
        name,
        datasetType: 'T',
        position: { x: i === 2 ? 130 : 10 * i, y: 0 },
      })),
    };
    expect(boxOf(doc.nodes[0]).width).toBe(120);
    expect(overlappingPairs(doc)).toEqual([['a', 'b']]);
  });
});
