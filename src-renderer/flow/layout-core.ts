// Pure layout: runs in the worker and in tests. Top to bottom, Kedro-Viz style.
import dagre from '@dagrejs/dagre';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ source: string; target: string }>;
}
export type Positions = Record<string, { x: number; y: number }>;

export function computeLayout(input: LayoutInput): Positions {
  const g = new dagre.graphlib.Graph({ multigraph: false, compound: false });
  const big = input.nodes.length > 600;
  // network-simplex gives the nicest ranks but grows fast; longest-path keeps 2,500 nodes well under a second.
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: big ? 56 : 64, edgesep: 12, ranker: big ? 'longest-path' : 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Positions = {};
  for (const n of input.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; vue-flow wants the top-left corner.
    out[n.id] = { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) };
  }
  return out;
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
