// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { shallowRef } from 'vue';
import type { PipelineGraph } from '../../src-shared/contract';
import { generateGraph } from '../../bench/graph-fixture.mjs';
import FarLayer from '../../src-renderer/flow/FarLayer.vue';
import { GridIndex, viewRect } from '../../src-renderer/flow/cull';
import { farEdgePaths } from '../../src-renderer/flow/far-edges';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { nodeSize } from '../../src-shared/graph-layout/node-size';
import {
  CULL_ABOVE,
  useCulledGraph,
  type FarLayer as Far,
  type FlowSink,
} from '../../src-renderer/flow/use-culled-graph';
import { useGraphStore } from '../../src-renderer/stores/graph';
import { useRunStore } from '../../src-renderer/stores/run';
import { chainGraph } from './fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));

beforeEach(() => setActivePinia(createPinia()));

const PANE = { width: 1200, height: 800 };

function setup(graph: PipelineGraph, settle?: { ms: number; now: () => number }) {
  const layout = computeLayout({ nodes: graph.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })), edges: graph.edges });
  const held = new Set<string>();
  const log = { sets: 0, edgesGiven: 0, adds: [] as number[], mountedTwice: 0 };
  const sink: FlowSink = {
    set(n, e) {
      log.sets++;
      log.edgesGiven += e.length;
      held.clear();
      for (const x of n) held.add(x.id);
    },
    add(n, e) {
      log.edgesGiven += e.length;
      log.adds.push(n.length);
      for (const x of n) {
        if (held.has(x.id)) log.mountedTwice++;
        held.add(x.id);
      }
    },
    remove(n) {
      for (const id of n) held.delete(id);
    },
  };
  const frames: Array<(left: () => number) => void> = [];
  const culled = useCulledGraph(
    sink,
    (fn) => frames.push(fn),
    () => Promise.resolve(),
    undefined,
    settle,
  );
  culled.load(graph, layout);
  /** Runs frame slices until the queue is done (or a cap), as the browser would frame by frame. */
  async function drain(cap = 10_000): Promise<number> {
    let n = 0;
    while (frames.length && n < cap) {
      await frames.shift()!(() => 6);
      n++;
    }
    return n;
  }
  return { culled, held, log, drain, layout };
}

/** A viewport that shows the graph point (x, y) at the pane's top-left, at `zoom`. */
const at = (x: number, y: number, zoom = 1) => ({ x: -x * zoom, y: -y * zoom, zoom });

describe('culled graph', () => {
  it('hands a small graph to vue-flow whole, edges included, and keeps the far layer off', () => {
    const g = chainGraph();
    const { culled, held, log } = setup(g);
    expect(held.size).toBe(g.nodes.length);
    expect(log.edgesGiven).toBe(g.edges.length);
    expect(culled.far.value.active).toBe(false);
  });

  it('gives vue-flow only the nodes near the view of a big graph, and no edges: the far layer draws them', async () => {
    const g = generateGraph();
    expect(g.nodes.length).toBeGreaterThan(CULL_ABOVE);
    const { culled, held, log, drain } = setup(g);
    expect(held.size).toBe(0);
    const b = culled.all.value.bounds;
    const v = at(b.x + b.width / 3, b.y + b.height / 3);
    culled.update(v, PANE);
    // What is on screen when a graph opens is drawn at once.
    const view = viewRect(v, PANE);
    const inView = culled.all.value.nodes.filter(
      (n) =>
        n.position.x >= view.x &&
        n.position.x + n.dimensions.width <= view.x + view.width &&
        n.position.y >= view.y &&
        n.position.y + n.dimensions.height <= view.y + view.height,
    );
    expect(inView.length).toBeGreaterThan(0);
    for (const n of inView) expect(held.has(n.id)).toBe(true);
    // The margin comes in frame slices, never twice, and never all in one frame.
    const frames = await drain();
    expect(frames).toBeGreaterThan(1);
    expect(log.mountedTwice).toBe(0);
    const far = culled.far.value;
    expect(new Set(held)).toEqual(new Set(far.nodes.map((n) => n.id)));
    expect(held.size).toBeLessThan(g.nodes.length / 4);
    expect(log.edgesGiven).toBe(0);
    expect(far.edges.length).toBeGreaterThan(0);
    // Every edge with an end in vue-flow is in the far layer.
    const drawn = new Set(far.edges.map((e) => e.id));
    for (const e of culled.all.value.edges)
      if (held.has(e.source) || held.has(e.target)) expect(drawn.has(e.id)).toBe(true);
  });

  it('follows a pan: leaving nodes go, arriving ones come, in slices', async () => {
    const g = generateGraph();
    const { culled, held, drain } = setup(g);
    const b = culled.all.value.bounds;
    culled.update(at(b.x, b.y), PANE);
    await drain();
    const before = new Set(held);
    // Small moves stay inside the margin: nothing to do.
    culled.update(at(b.x + 40, b.y + 40), PANE);
    expect(await drain()).toBe(0);
    culled.update(at(b.x + b.width / 2, b.y + b.height / 2), PANE);
    await drain();
    expect([...held].some((id) => before.has(id))).toBe(false);
    expect(new Set(held)).toEqual(new Set(culled.far.value.nodes.map((n) => n.id)));
  });

  it('zoomed far out, vue-flow holds nothing and the far layer draws every node', async () => {
    const g = generateGraph();
    const { culled, held, drain } = setup(g);
    const b = culled.all.value.bounds;
    culled.update(at(b.x + b.width / 2, b.y + b.height / 2), PANE);
    await drain();
    expect(held.size).toBeGreaterThan(0);
    const zoom = Math.min(PANE.width / b.width, PANE.height / b.height);
    culled.update({ x: -b.x * zoom, y: -b.y * zoom, zoom }, PANE);
    await drain();
    expect(held.size).toBe(0);
    expect(culled.far.value.nodes.length).toBe(g.nodes.length);
  });

  it('mounts and drops nodes only once the view has held still (not during a zoom or a drag)', async () => {
    let now = 0;
    const { culled, held, drain } = setup(generateGraph(), { ms: 100, now: () => now });
    const b = culled.all.value.bounds;
    culled.update(at(b.x, b.y), PANE);
    // The opening view is drawn at once; the margin waits for the view to settle.
    const opened = new Set(held);
    expect(opened.size).toBeGreaterThan(0);
    await drain(5);
    expect(held).toEqual(opened);
    // Moving on: each frame of the move changes nothing in vue-flow, the far layer follows.
    for (let i = 1; i <= 5; i++) {
      now += 30;
      culled.update(at(b.x + (i * b.width) / 10, b.y + b.height / 2), PANE);
      await drain(2);
      expect(held).toEqual(opened);
    }
    expect(culled.far.value.nodes.some((n) => !opened.has(n.id))).toBe(true);
    now += 150;
    await drain();
    expect(new Set(held)).toEqual(new Set(culled.far.value.nodes.map((n) => n.id)));
  });

  it('finds the node under a point, for clicks on the far layer', () => {
    const g = generateGraph();
    const { culled } = setup(g);
    const n = culled.all.value.nodes[1234];
    expect(culled.hit(n.position.x + 3, n.position.y + 3)?.id).toBe(n.id);
    expect(culled.hit(culled.all.value.bounds.x - 500, 0)).toBeUndefined();
  });
});

describe('far layer', () => {
  async function chainLayer() {
    const g = chainGraph();
    const layout = computeLayout({ nodes: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })), edges: g.edges });
    const { toFlowEdges, toFlowNodes } = await import('../../src-renderer/flow/to-flow');
    const nodes = toFlowNodes(g, layout) as Far['nodes'];
    const edges = toFlowEdges(g, layout);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return { g, nodes, edges, find: (id: string) => byId.get(id) };
  }

  it('draws boxes with run status for nodes vue-flow does not hold, and no SVG edge (the canvas draws them)', async () => {
    const { nodes, edges } = await chainLayer();
    const source = shallowRef<Far>({ active: true, edges, nodes, mounted: new Set(['fn:clean']), version: 1 });
    useRunStore().nodes.train = { status: 'failed', ms: 10 };
    const store = useGraphStore();
    store.emphasis['fn:train'] = 'sel';
    const w = mount(FarLayer, { props: { source } });
    expect(w.findAll('path.pw-edge').length).toBe(0);
    const boxes = w.findAll('path.pw-far-box').map((p) => p.classes().join(' '));
    expect(boxes.some((c) => c.includes('pw-far-function') && c.includes('st-failed') && c.includes('em-sel'))).toBe(
      true,
    );
    // fn:clean is held by vue-flow: no box for it (the only unstyled function left is report).
    expect(w.findAll('path.pw-far-box.pw-far-function').length).toBe(2);
  });

  it('groups edge paths by emphasis (at most three paths), each with one arrowhead per edge', async () => {
    const { edges, find } = await chainLayer();
    const em = { 'fn:train': 'sel', 'ds:model': 'lit', 'ds:cleaned': 'dim' } as const;
    const paths = farEdgePaths(edges, find, em);
    expect(paths.map((p) => p.group)).toEqual(['dim', 'plain', 'lit']);
    const lit = paths.find((p) => p.group === 'lit')!;
    // fn:train → ds:model: both ends lit or selected; one curve and one arrow.
    expect(lit.d.match(/M/g)).toHaveLength(1);
    expect(lit.arrow.match(/Z/g)).toHaveLength(1);
    const all = paths.reduce((n, p) => n + p.arrow.match(/Z/g)!.length, 0);
    expect(all).toBe(edges.length);
    // The arrow points at the target's top edge, centred.
    const e = edges.find((x) => x.source === 'fn:train' && x.target === 'ds:model')!;
    const t = find(e.target)!;
    const [tipX, tipY] = lit.arrow.slice(1).split('L')[0].split(',').map(Number);
    expect(Math.abs(tipX - (t.position.x + t.dimensions.width / 2))).toBeLessThan(2);
    expect(Math.abs(tipY - t.position.y)).toBeLessThan(2);
    expect(farEdgePaths(edges, find, {}).map((p) => p.group)).toEqual(['plain']);
  });
});

describe('the culling grid', () => {
  it('files an item spanning many cells (a hub edge across a wide graph) once, and still finds it anywhere along it', () => {
    const long = { id: 'hub->far', rect: { x: 0, y: 0, width: 480 * 2000, height: 100 } };
    const index = new GridIndex([long, { id: 'near', rect: { x: 10, y: 10, width: 50, height: 40 } }]);
    // One cell for the small item; the long one is not copied into 2,000 cells.
    expect((index as unknown as { cells: Map<string, string[]> }).cells.size).toBe(1);
    expect(index.query({ x: 480 * 1500, y: 0, width: 100, height: 100 })).toEqual(new Set(['hub->far']));
    expect(index.query({ x: 0, y: 0, width: 100, height: 100 })).toEqual(new Set(['hub->far', 'near']));
    expect(index.query({ x: 0, y: 5000, width: 100, height: 100 }).size).toBe(0);
  });
});
