// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { graphSvg } from '../../src-renderer/flow/export-image';
import { groupRects, layerBands } from '../../src-renderer/flow/groups';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { layoutInputOf } from '../../src-shared/graph-layout/layout-input';
import { nodeSize } from '../../src-shared/graph-layout/node-size';
import { chainGraph } from './fixtures';

/** The chain, its cleaning step in namespace `prep.inner`, and its datasets in two Kedro layers. */
function layeredGraph() {
  const g = chainGraph();
  g.nodes = g.nodes.map((n) =>
    n.id === 'fn:clean' || n.id === 'ds:cleaned'
      ? { ...n, namespace: 'prep.inner' }
      : n.id === 'ds:raw'
        ? { ...n, layer: 'raw' }
        : n.id === 'ds:model'
          ? { ...n, layer: 'models' }
          : n,
  );
  return g;
}

function parse(svg: string): Document {
  return new DOMParser().parseFromString(svg, 'image/svg+xml');
}

describe('graph export', () => {
  it('draws the namespace groups (each level) and the layer bands that the canvas shows, inside the image', () => {
    const g = layeredGraph();
    const layout = computeLayout(layoutInputOf(g));
    const svg = graphSvg(g, layout);
    const doc = parse(svg);
    const groups = [...doc.querySelectorAll('g.pw-group')].map((e) => e.getAttribute('data-namespace'));
    expect(groups).toEqual(['prep', 'prep.inner']);
    expect(doc.querySelector('g.pw-group[data-namespace="prep.inner"] text')?.textContent).toBe('prep.inner');
    const bands = [...doc.querySelectorAll('g.pw-band')].map((e) => e.getAttribute('data-layer'));
    expect(bands).toEqual(['raw', 'models']);
    // Drawn behind the nodes: every group and band comes before the first node in the file.
    const firstNode = svg.indexOf('<g data-id=');
    expect(svg.lastIndexOf('class="pw-group"')).toBeLessThan(firstNode);
    expect(svg.lastIndexOf('class="pw-band"')).toBeLessThan(firstNode);
    // The same rectangles as the canvas's, and within the image's view box.
    const placed = g.nodes.map((n) => ({
      node: n,
      rect: { x: layout.nodes[n.id].x, y: layout.nodes[n.id].y, ...nodeSize(n) },
    }));
    const inner = groupRects(placed).find((x) => x.ns === 'prep.inner')!.rect;
    const rect = doc.querySelector('g.pw-group[data-namespace="prep.inner"] rect')!;
    expect(Number(rect.getAttribute('x'))).toBe(inner.x);
    expect(Number(rect.getAttribute('width'))).toBe(inner.width);
    const [vx, vy, vw, vh] = doc.documentElement.getAttribute('viewBox')!.split(' ').map(Number);
    const xs = Math.min(...placed.map((p) => p.rect.x));
    const ys = Math.min(...placed.map((p) => p.rect.y));
    const xe = Math.max(...placed.map((p) => p.rect.x + p.rect.width));
    const ye = Math.max(...placed.map((p) => p.rect.y + p.rect.height));
    for (const b of [
      ...layerBands(placed, { x: xs, y: ys, width: xe - xs, height: ye - ys }).map((x) => x.rect),
      inner,
    ]) {
      expect(b.x).toBeGreaterThanOrEqual(vx);
      expect(b.y - 20).toBeGreaterThanOrEqual(vy);
      expect(b.x + b.width).toBeLessThanOrEqual(vx + vw);
      expect(b.y + b.height).toBeLessThanOrEqual(vy + vh);
    }
  });

  it('has neither groups nor bands for a graph without namespaces or layers', () => {
    const g = chainGraph();
    const layout = computeLayout({ nodes: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })), edges: g.edges });
    const doc = parse(graphSvg(g, layout));
    expect(doc.querySelectorAll('g.pw-group, g.pw-band').length).toBe(0);
    expect(doc.querySelectorAll('g[data-id]').length).toBe(g.nodes.length);
  });
});
