// Namespaces (Kedro's modular pipelines) as Kedro-Viz draws them: an expanded namespace is a
// labelled group around its nodes; a collapsed one is a single box standing for all of them, with
// the edges of its members to the rest of the graph. Two nodes with the same label in different
// namespaces carry their namespace on the box, so no two boxes look alike.
import type { GraphEdge, GraphNode, PipelineGraph } from '../contract';

export const NS_ID = 'ns:';

/** A node as the canvas shows it. */
export type ShownNode = GraphNode & { qualifier?: string; members?: number };

/** The namespace and each enclosing one, outermost first: `a.b.c` → `a`, `a.b`, `a.b.c`. */
export function chainOf(ns: string | null): string[] {
  if (!ns) return [];
  const parts = ns.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The outermost collapsed namespace holding a node, if any. */
function container(ns: string | null, collapsed: ReadonlySet<string>): string | undefined {
  return collapsed.size ? chainOf(ns).find((p) => collapsed.has(p)) : undefined;
}

export function collapseNamespaces(graph: PipelineGraph, collapsed: ReadonlySet<string>): PipelineGraph {
  const mapped = new Map<string, string>();
  const boxes = new Map<string, ShownNode>();
  const nodes: ShownNode[] = [];
  for (const n of graph.nodes) {
    const c = container(n.namespace, collapsed);
    if (!c) {
      nodes.push(n);
      continue;
    }
    const id = `${NS_ID}${c}`;
    mapped.set(n.id, id);
    let box = boxes.get(id);
    if (!box) {
      const dot = c.lastIndexOf('.');
      box = {
        id,
        kind: 'namespace',
        name: c,
        label: dot < 0 ? c : c.slice(dot + 1),
        tags: [],
        namespace: dot < 0 ? null : c.slice(0, dot),
        members: 0,
      };
      boxes.set(id, box);
      nodes.push(box);
    }
    box.members!++;
    for (const t of n.tags) if (!box.tags.includes(t)) box.tags.push(t);
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const source = mapped.get(e.source) ?? e.source;
    const target = mapped.get(e.target) ?? e.target;
    if (source === target) continue;
    const id = source === e.source && target === e.target ? e.id : `${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target });
  }
  return { ...graph, nodes: qualify(nodes), edges: [...edges.values()] };
}

/** Nodes whose label another shown node also has get their namespace as a qualifier. */
function qualify(nodes: ShownNode[]): ShownNode[] {
  const count = new Map<string, number>();
  for (const n of nodes) count.set(n.label, (count.get(n.label) ?? 0) + 1);
  return nodes.map((n) => (count.get(n.label)! > 1 && n.namespace ? { ...n, qualifier: n.namespace } : n));
}

/** Expanded namespaces that have shown members: the groups to draw. */
export function expandedGroups(graph: PipelineGraph): string[] {
  const seen = new Set<string>();
  for (const n of graph.nodes) for (const p of chainOf(n.namespace)) seen.add(p);
  return [...seen].sort();
}
