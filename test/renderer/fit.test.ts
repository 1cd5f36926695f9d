// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { generateGraph } from '../../bench/graph-fixture.mjs';
import type { CellProbe } from '../../src-renderer/flow/cull';
import { GridIndex, viewRect } from '../../src-renderer/flow/cull';
import { MIN_ZOOM, fitViewport, minZoomFor } from '../../src-renderer/flow/fit';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { nodeSize } from '../../src-shared/graph-layout/node-size';
import { LOD_ZOOM, useCulledGraph, type FlowSink } from '../../src-renderer/flow/use-culled-graph';

const PANE = { width: 1440, height: 860 };
const sink: FlowSink = { set() {}, add() {}, remove() {} };

describe('fit on a 10,000-node graph', () => {
  // A wide pipeline: few functions per dataset chain, so the layout is far wider than the pane.
  const g = generateGraph({ functions: 4000, datasets: 6000 });
  const layout = computeLayout({ nodes: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })), edges: g.edges });

  it('fits the whole graph at a zoom the canvas allows', () => {
    expect(g.nodes.length).toBe(10_000);
    const probe: CellProbe = { cells: 0 };
    const culled = useCulledGraph(
      sink,
      () => {},
      () => Promise.resolve(),
      probe,
    );
    culled.load(g, layout);
    const b = culled.all.value.bounds;
    const min = minZoomFor(b, PANE);
    const v = fitViewport(b, PANE);
    expect(min).toBeLessThanOrEqual(MIN_ZOOM);
    expect(v.zoom).toBeGreaterThanOrEqual(min);
    // The whole graph is inside the view.
    const view = viewRect(v, PANE);
    expect(view.x).toBeLessThanOrEqual(b.x);
    expect(view.y).toBeLessThanOrEqual(b.y);
    expect(view.x + view.width).toBeGreaterThanOrEqual(b.x + b.width);
    expect(view.y + view.height).toBeGreaterThanOrEqual(b.y + b.height);
  });

  it('culls at the lowest zoom visiting cells in proportion to the graph, not to the view area', () => {
    const probe: CellProbe = { cells: 0 };
    const culled = useCulledGraph(
      sink,
      () => {},
      () => Promise.resolve(),
      probe,
    );
    culled.load(g, layout);
    const b = culled.all.value.bounds;
    const zoom = minZoomFor(b, PANE);
    // Centred on the graph, at the lowest zoom: the view spans far more empty cells than nodes.
    culled.update(
      { x: PANE.width / 2 - (b.x + b.width / 2) * zoom, y: PANE.height / 2 - (b.y + b.height / 2) * zoom, zoom },
      PANE,
    );
    expect(culled.far.value.nodes.length).toBe(g.nodes.length);
    // The whole graph in view (Fit): its own lists, without a grid query.
    expect(culled.far.value.nodes).toBe(culled.all.value.nodes);
    expect(culled.far.value.edges).toBe(culled.all.value.edges);
    expect(probe.cells).toBe(0);
    // Centred on the graph's left end, zoomed in a little (still far out): the view holds part of it
    // and spans far more empty cells than nodes; the query visits no more cells than the graph fills.
    const z = zoom * 6;
    expect(z).toBeLessThan(LOD_ZOOM);
    culled.load(g, layout);
    culled.update({ x: PANE.width / 2 - b.x * z, y: PANE.height / 2 - (b.y + b.height / 2) * z, zoom: z }, PANE);
    const shown = culled.far.value.nodes.length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(g.nodes.length);
    expect(probe.cells).toBeGreaterThan(0);
    expect(probe.cells).toBeLessThanOrEqual(2 * (g.nodes.length + g.edges.length));
  });

  it('bounds a grid query far bigger than the grid by the cells it holds', () => {
    const probe: CellProbe = { cells: 0 };
    const grid = new GridIndex(
      [
        { id: 'a', rect: { x: 0, y: 0, width: 10, height: 10 } },
        { id: 'b', rect: { x: 5000, y: 5000, width: 10, height: 10 } },
      ],
      100,
      probe,
    );
    expect([...grid.query({ x: -1e7, y: -1e7, width: 2e7, height: 2e7 })].sort()).toEqual(['a', 'b']);
    expect(probe.cells).toBeLessThanOrEqual(2);
    expect([...grid.query({ x: 5002, y: 5002, width: 5, height: 5 })]).toEqual(['b']);
    expect([...grid.query({ x: 9000, y: 9000, width: 5, height: 5 })]).toEqual([]);
  });
});
