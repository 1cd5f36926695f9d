// Pure layout: runs in the host's layout thread, the page's worker and tests. Top to bottom, Kedro-Viz style.
import dagre from '@dagrejs/dagre';
import { layeredFast } from './layered-fast';
import { chainOf } from './namespaces';

export { layoutKey } from './layout-key';

/** The height of a group's label band. */
export const GROUP_LABEL = 26;

export interface LayoutInput {
  /** `group`: the namespace drawn around the node; dagre keeps a group's nodes together. */
  /** `layer`: Kedro's layer of a dataset; layers are drawn as bands, so dagre ranks them in order. */
  nodes: Array<{ id: string; width: number; height: number; group?: string; layer?: string }>;
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
  const groups = new Set(input.nodes.flatMap((n) => (n.group ? chainOf(n.group) : [])));
  const g = new dagre.graphlib.Graph({ multigraph: false, compound: groups.size > 0 });
  // A compound graph (namespaces) has a border rank between each pair of node ranks: half the separation each.
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: groups.size ? 26 : 52, edgesep: 12, ranker: 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  // dagre breaks ties by insertion order: natural order puts `wide_2` before `wide_10`.
  const collator = new Intl.Collator('en', { numeric: true });
  const natural = [...input.nodes].sort((a, b) => collator.compare(a.id, b.id));
  for (const n of natural) g.setNode(n.id, { width: n.width, height: n.height });
  for (const grp of groups) {
    // Room for the group's label above its nodes.
    g.setNode(`group:${grp}`, { paddingTop: GROUP_LABEL });
    const dot = grp.lastIndexOf('.');
    if (dot > 0) g.setParent(`group:${grp}`, `group:${grp.slice(0, dot)}`);
  }
  for (const n of input.nodes) if (n.group) g.setParent(n.id, `group:${n.group}`);
  const sortedEdges = [...input.edges].sort((a, b) => collator.compare(a.target, b.target));
  for (const e of sortedEdges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  orderLayers(g, input);
  dagre.layout(g);
  const nodes: Positions = {};
  for (const n of input.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; vue-flow wants the top-left corner.
    nodes[n.id] = { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) };
  }
  const edges: EdgeRoutes = {};
  for (const e of g.edges()) {
    if (e.v.startsWith(ANCHOR) || e.w.startsWith(ANCHOR)) continue;
    const pts = g.edge(e).points ?? [];
    // The ends touch the node boxes; the canvas draws from the real handles, so keep the bends only.
    if (pts.length > 3) edges[`${e.v}>${e.w}`] = pts.slice(1, -1).map((p) => [Math.round(p.x), Math.round(p.y)]);
  }
  return { nodes, edges };
}

const ANCHOR = 'layer-anchor:';

/**
 * Kedro-Viz draws each layer as a band, its datasets inside: the layers are ordered by how deep
 * their datasets sit in the graph, and an invisible anchor between two consecutive layers (an edge
 * from each dataset of the upper layer to it, and from it to each of the lower) keeps every dataset
 * of a layer above every dataset of the next.
 */
function orderLayers(g: dagre.graphlib.Graph, input: LayoutInput): void {
  const byLayer = new Map<string, string[]>();
  for (const n of input.nodes) if (n.layer) (byLayer.get(n.layer) ?? byLayer.set(n.layer, []).get(n.layer)!).push(n.id);
  if (byLayer.size < 2) return;
  const depth = depths(input);
  const mean = (ids: string[]) => ids.reduce((a, id) => a + (depth.get(id) ?? 0), 0) / ids.length;
  const layers = [...byLayer.values()].sort((a, b) => mean(a) - mean(b));
  for (let i = 0; i + 1 < layers.length; i++) {
    const anchor = `${ANCHOR}${i}`;
    g.setNode(anchor, { width: 0, height: 0 });
    for (const id of layers[i]) g.setEdge(id, anchor, { weight: 0 });
    for (const id of layers[i + 1]) g.setEdge(anchor, id, { weight: 0 });
  }
}

/** The longest path from a source to each node (a cycle's nodes keep what they had reached). */
function depths(input: LayoutInput): Map<string, number> {
  const outs = new Map<string, string[]>();
  const indeg = new Map<string, number>(input.nodes.map((n) => [n.id, 0]));
  for (const e of input.edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    (outs.get(e.source) ?? outs.set(e.source, []).get(e.source)!).push(e.target);
    indeg.set(e.target, indeg.get(e.target)! + 1);
  }
  const depth = new Map<string, number>();
  const queue = [...indeg].filter(([, d]) => d === 0).map(([id]) => id);
  for (const id of queue) depth.set(id, 0);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q];
    for (const t of outs.get(id) ?? []) {
      depth.set(t, Math.max(depth.get(t) ?? 0, depth.get(id)! + 1));
      indeg.set(t, indeg.get(t)! - 1);
      if (indeg.get(t) === 0) queue.push(t);
    }
  }
  return depth;
}
