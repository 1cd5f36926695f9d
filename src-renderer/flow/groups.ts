// The rectangles drawn behind the nodes: one labelled group per expanded namespace, and one band
// per Kedro layer (`metadata.kedro-viz.layer` in the catalog), as Kedro-Viz draws them.
import type { Rect } from './cull';
import { chainOf, type ShownNode } from '../../src-shared/graph-layout/namespaces';

export interface Placed {
  node: ShownNode;
  rect: Rect;
}

const GROUP_PAD = 14;
const BAND_PAD = 10;

export function groupRects(nodes: Placed[]): Array<{ ns: string; label: string; rect: Rect; depth: number }> {
  const boxes = new Map<string, Rect>();
  for (const { node, rect } of nodes)
    for (const ns of chainOf(node.namespace)) boxes.set(ns, union(boxes.get(ns), rect));
  return [...boxes].map(([ns, r]) => {
    const depth = ns.split('.').length;
    // Inner groups sit inside outer ones: each level of nesting pads a little less.
    const pad = Math.max(4, GROUP_PAD - 4 * (depth - 1));
    return {
      ns,
      label: ns,
      depth,
      rect: { x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad },
    };
  });
}

/** A band per layer from its first to its last dataset, across the whole graph; ordered top to bottom. */
export function layerBands(nodes: Placed[], bounds: Rect): Array<{ layer: string; rect: Rect }> {
  const spans = new Map<string, { y0: number; y1: number }>();
  for (const { node, rect } of nodes) {
    if (!node.layer) continue;
    const s = spans.get(node.layer) ?? { y0: Infinity, y1: -Infinity };
    s.y0 = Math.min(s.y0, rect.y);
    s.y1 = Math.max(s.y1, rect.y + rect.height);
    spans.set(node.layer, s);
  }
  const left = bounds.x - 160;
  const width = bounds.width + 200;
  return [...spans]
    .sort((a, b) => a[1].y0 - b[1].y0)
    .map(([layer, s]) => ({
      layer,
      rect: { x: left, y: s.y0 - BAND_PAD, width, height: s.y1 - s.y0 + 2 * BAND_PAD },
    }));
}

function union(a: Rect | undefined, b: Rect): Rect {
  if (!a) return { ...b };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}
