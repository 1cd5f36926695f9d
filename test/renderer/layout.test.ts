import { describe, expect, it } from 'vitest';
import type { GraphNodeKind } from '../../src-shared/api-types';
import { generateGraph } from '../../bench/graph-fixture.mjs';
import { GridIndex, contains, grow, viewRect } from '../../src-renderer/flow/cull';
import { routedPath } from '../../src-renderer/flow/edge-path';
import { layout } from '../../src-renderer/flow/layout';
import { DAGRE_MAX_NODES, computeLayout, layoutKey } from '../../src-shared/graph-layout/layout-core';
import { nodeSize } from '../../src-shared/graph-layout/node-size';
import { chainGraph } from './fixtures';

const input = (g: {
  nodes: Array<{ id: string; kind: GraphNodeKind; label: string }>;
  edges: Array<{ source: string; target: string }>;
}) => ({
  nodes: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
  edges: g.edges,
});

describe('layout', () => {
  it('puts every edge downward with dagre for small graphs', () => {
    const g = chainGraph();
    const l = computeLayout(input(g));
    for (const e of g.edges) expect(l.nodes[e.source].y).toBeLessThan(l.nodes[e.target].y);
  });

  it('lays out 2,500 nodes top to bottom (the fast layered layout), without overlaps in a row', () => {
    const g = generateGraph();
    expect(g.nodes.length).toBeGreaterThan(DAGRE_MAX_NODES);
    const l = computeLayout(input(g));
    for (const e of g.edges) expect(l.nodes[e.source].y).toBeLessThan(l.nodes[e.target].y);
    const rows = new Map<number, Array<{ x: number; w: number }>>();
    for (const n of g.nodes) {
      const p = l.nodes[n.id];
      (rows.get(p.y) ?? rows.set(p.y, []).get(p.y)!).push({ x: p.x, w: nodeSize(n).width });
    }
    for (const row of rows.values()) {
      row.sort((a, b) => a.x - b.x);
      for (let i = 1; i < row.length; i++) expect(row[i].x).toBeGreaterThanOrEqual(row[i - 1].x + row[i - 1].w);
    }
  });

  it('puts nodes without edges in a block left of the graph, not in its first row', () => {
    const g = generateGraph();
    const linked = new Set(g.edges.flatMap((e) => [e.source, e.target]));
    const alone = g.nodes.filter((n) => !linked.has(n.id));
    expect(alone.length).toBeGreaterThan(50); // the generator leaves some raw datasets unused
    const l = computeLayout(input(g));
    const leftmostLinked = Math.min(...g.nodes.filter((n) => linked.has(n.id)).map((n) => l.nodes[n.id].x));
    for (const n of alone) expect(l.nodes[n.id].x + nodeSize(n).width).toBeLessThan(leftmostLinked);
    const spots = new Set(alone.map((n) => `${l.nodes[n.id].x},${l.nodes[n.id].y}`));
    expect(spots.size).toBe(alone.length);
    // Square-ish: about as many rows as columns.
    const columns = new Set(alone.map((n) => l.nodes[n.id].x)).size;
    const rows = new Set(alone.map((n) => l.nodes[n.id].y)).size;
    expect(Math.abs(columns - rows)).toBeLessThanOrEqual(1);
  });

  it('keys the cache by the graph, not by chance', () => {
    const a = input(chainGraph());
    expect(layoutKey(a)).toBe(layoutKey(input(chainGraph())));
    expect(layoutKey({ ...a, edges: a.edges.slice(1) })).not.toBe(layoutKey(a));
  });

  it('lays an equal graph out once, even while under way (a filter undone is not laid out again)', async () => {
    const first = layout(input(generateGraph({ seed: 3 })));
    const again = layout(input(generateGraph({ seed: 3 })));
    expect(again).toBe(first);
    const other = layout(input(generateGraph({ seed: 4 })));
    expect(other).not.toBe(first);
    const [a, b] = await Promise.all([first, other]);
    expect(Object.keys(a.nodes)).toHaveLength(generateGraph({ seed: 3 }).nodes.length);
    expect(b).not.toBe(a);
  });
});

describe('culling and edges', () => {
  it('finds what is near the view through the grid', () => {
    const idx = new GridIndex([
      { id: 'a', rect: { x: 0, y: 0, width: 100, height: 40 } },
      { id: 'b', rect: { x: 5000, y: 5000, width: 100, height: 40 } },
    ]);
    const view = viewRect({ x: 0, y: 0, zoom: 1 }, { width: 800, height: 600 });
    expect([...idx.query(view)]).toEqual(['a']);
    expect(contains(grow(view, 0.5), view)).toBe(true);
  });

  it('draws a routed edge from handle to handle through the bends', () => {
    const d = routedPath(0, 0, 100, 200, [[50, 100]]);
    expect(d.startsWith('M0,0')).toBe(true);
    expect(d.endsWith('L100,200')).toBe(true);
    expect(d).toContain('Q50,100');
  });
});

describe('wide pipelines', () => {
  /** `count` functions listed in string order (`wide_10` before `wide_2`), each reading one shared parameter. */
  function wide(count: number) {
    const names = Array.from({ length: count }, (_, i) => `wide_${i + 1}`).sort();
    const nodes: Array<{ id: string; kind: GraphNodeKind; label: string }> = [
      { id: 'param:params:rate', kind: 'parameter', label: 'rate' },
    ];
    const edges: Array<{ source: string; target: string }> = [];
    for (const w of names) {
      nodes.push(
        { id: `fn:${w}`, kind: 'function', label: w },
        { id: `ds:${w}_out`, kind: 'dataset', label: `${w}_out` },
      );
      edges.push({ source: 'param:params:rate', target: `fn:${w}` }, { source: `fn:${w}`, target: `ds:${w}_out` });
    }
    return { names, nodes, edges };
  }

  for (const count of [30, 600]) {
    it(`keeps each output under its producer, in natural order (${count} functions, ${count > 150 ? 'layered' : 'dagre'})`, () => {
      const g = wide(count);
      const l = computeLayout(input(g));
      for (const w of g.names) {
        const fn = l.nodes[`fn:${w}`];
        const out = l.nodes[`ds:${w}_out`];
        expect(out.y).toBeGreaterThan(fn.y);
        // Centres within a node's width of each other (the boxes' widths differ a little).
        const fnW = nodeSize({ kind: 'function', label: w }).width;
        const outW = nodeSize({ kind: 'dataset', label: `${w}_out` }).width;
        expect(Math.abs(fn.x + fnW / 2 - (out.x + outW / 2))).toBeLessThan(120);
      }
      const byX = [...g.names].sort((a, b) => l.nodes[`fn:${a}`].x - l.nodes[`fn:${b}`].x);
      expect(byX.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `wide_${i + 1}`));
      expect(byX).toEqual([...g.names].sort(new Intl.Collator('en', { numeric: true }).compare));
    });
  }
});
