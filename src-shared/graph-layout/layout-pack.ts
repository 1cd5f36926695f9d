// A layout crosses from the worker as one typed array of positions in the input's node order
// (transferred, not copied), instead of an object of 10,000 {x, y} objects keyed by id, whose
// structured clone the main thread paid on receipt. Edge routes exist only for small graphs.
import type { EdgeRoutes, Layout, LayoutInput } from './layout-core';

export interface PackedLayout {
  /** x0, y0, x1, y1, … in the order of `LayoutInput.nodes`; NaN for a node without a position. */
  xy: Float64Array;
  edges: EdgeRoutes;
}

export function packLayout(input: LayoutInput, layout: Layout): PackedLayout {
  const xy = new Float64Array(input.nodes.length * 2);
  input.nodes.forEach((n, i) => {
    const p = layout.nodes[n.id];
    xy[2 * i] = p ? p.x : NaN;
    xy[2 * i + 1] = p ? p.y : NaN;
  });
  return { xy, edges: layout.edges };
}

export function unpackLayout(input: LayoutInput, packed: PackedLayout): Layout {
  const { xy } = packed;
  if (xy.length !== input.nodes.length * 2) throw new Error('The layout does not match its graph');
  const nodes: Layout['nodes'] = {};
  for (let i = 0; i < input.nodes.length; i++)
    if (!Number.isNaN(xy[2 * i])) nodes[input.nodes[i].id] = { x: xy[2 * i], y: xy[2 * i + 1] };
  return { nodes, edges: packed.edges };
}
