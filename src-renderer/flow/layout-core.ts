// Pure layout: runs in the worker and in tests. Top to bottom, Kedro-Viz style.
import dagre from '@dagrejs/dagre';
import { layeredFast } from './layered-fast';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ source: string; target: string }>;
}
export type Positions = Record<string, { x: number; y: number }>;
/** Bend points per edge (`source>target`), so edges go around nodes instead of through them. */
export type EdgeRoutes = Record<string, Array<[number, number]>>;
export interface Layout {
  nodes: Positions;
  edges: EdgeRoutes;
}

/** Above this many nodes dagre takes seconds (its ordering and placement grow with long edges). */
export const DAGRE_MAX_NODES = 400;

export function computeLayout(input: LayoutInput): Layout {
  if (input.nodes.length > DAGRE_MAX_NODES) return layeredFast(input);
  const g = new dagre.graphlib.Graph({ multigraph: false, compound: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 64, edgesep: 12, ranker: 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const nodes: Positions = {};
  for (const n of input.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; vue-flow wants the top-left corner.
    nodes[n.id] = { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) };
  }
  const edges: EdgeRoutes = {};
  for (const e of g.edges()) {
    const pts = g.edge(e).points ?? [];
    // The ends touch the node boxes; the canvas draws from the real handles, so keep the bends only.
    if (pts.length > 3) edges[`${e.v}>${e.w}`] = pts.slice(1, -1).map((p) => [Math.round(p.x), Math.round(p.y)]);
  }
  return { nodes, edges };
}

/** A stable hash of what the layout depends on, to cache positions per graph. */
export function layoutKey(input: LayoutInput): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 31) + c) | 0;
    }
  };
  for (const n of input.nodes) feed(`${n.id}|${n.width}|${n.height};`);
  for (const e of input.edges) feed(`${e.source}>${e.target};`);
  return `${input.nodes.length}-${input.edges.length}-${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}
