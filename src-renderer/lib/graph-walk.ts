import type { GraphEdge, GraphNode, PipelineGraph } from '../../src-shared/contract';

export interface Adjacency {
  up: Map<string, string[]>;
  down: Map<string, string[]>;
}

export function adjacency(edges: GraphEdge[]): Adjacency {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const e of edges) {
    (down.get(e.source) ?? down.set(e.source, []).get(e.source)!).push(e.target);
    (up.get(e.target) ?? up.set(e.target, []).get(e.target)!).push(e.source);
  }
  return { up, down };
}

/** Every node reachable from `start` following `next`, start included. */
export function reach(start: string, next: Map<string, string[]>, into = new Set<string>()): Set<string> {
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (into.has(id) && id !== start) continue;
    into.add(id);
    for (const n of next.get(id) ?? []) if (!into.has(n)) stack.push(n);
  }
  return into;
}

/** The selected node, its ancestors and its descendants. */
export function lineage(id: string, adj: Adjacency): Set<string> {
  const s = reach(id, adj.up);
  reach(id, adj.down, s);
  return s;
}

/** With a tag filter: function nodes carrying any tag, plus the datasets and parameters they touch. */
export function filterByTags(graph: PipelineGraph, tags: string[]): PipelineGraph {
  if (tags.length === 0) return graph;
  const want = new Set(tags);
  const keep = new Set<string>();
  for (const n of graph.nodes) if (n.kind === 'function' && n.tags.some((t) => want.has(t))) keep.add(n.id);
  for (const e of graph.edges) {
    if (keep.has(e.source) && !e.target.startsWith('fn:')) keep.add(e.target);
    if (keep.has(e.target) && !e.source.startsWith('fn:')) keep.add(e.source);
  }
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
  };
}

export function searchNodes(nodes: GraphNode[], query: string, limit = 20): GraphNode[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const starts: GraphNode[] = [];
  const contains: GraphNode[] = [];
  for (const n of nodes) {
    const name = n.name.toLowerCase();
    if (name.startsWith(q) || n.label.toLowerCase().startsWith(q)) starts.push(n);
    else if (name.includes(q)) contains.push(n);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}
