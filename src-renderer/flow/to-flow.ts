import { markRaw } from 'vue';
import type { GraphNode, PipelineGraph } from '../../src-shared/contract';
import type { FlowEdge, FlowNode } from './index';
import type { Layout } from '../../src-shared/graph-layout/layout-core';
import { nodeSize } from '../../src-shared/graph-layout/node-size';

const KIND_WORD = {
  function: 'Function',
  dataset: 'Dataset',
  parameter: 'Parameters',
  namespace: 'Namespace',
} as const;

/**
 * Plain vue-flow elements with sizes given up front, so off-screen nodes are culled without
 * measuring. What only a drawn node needs (its style, its label for screen readers, its data kept
 * out of Vue's reactivity) is added by `dressNode` as it joins vue-flow: a big graph hands vue-flow
 * only the nodes near the view, and the other 10,000 need none of it.
 */
export function toFlowNodes(graph: PipelineGraph, layout: Layout): FlowNode[] {
  return graph.nodes.map(
    (n: GraphNode) =>
      ({
        id: n.id,
        type: n.kind,
        position: layout.nodes[n.id] ?? { x: 0, y: 0 },
        data: { node: n },
        dimensions: nodeSize(n),
        connectable: false,
        draggable: false,
      }) as FlowNode,
  );
}

/** Readies a node for vue-flow (see toFlowNodes), in place: the culled graph keeps finding it by id. */
export function dressNode(f: FlowNode): FlowNode {
  if (f.ariaLabel) return f;
  const n = (f.data as { node: GraphNode }).node;
  const size = (f as FlowNode & { dimensions: { width: number; height: number } }).dimensions;
  markRaw(f.data);
  f.style = { width: `${size.width}px`, height: `${size.height}px` };
  f.ariaLabel = n.kind === 'namespace' ? `Namespace ${n.name} (collapsed), expand` : `${KIND_WORD[n.kind]} ${n.name}`;
  return f;
}

export function toFlowEdges(graph: PipelineGraph, layout: Layout): FlowEdge[] {
  // Only small graphs have routes: a big one's edges skip building a key each to find none.
  const routes = Object.keys(layout.edges).length ? layout.edges : null;
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'plain',
    markerEnd: 'url(#pw-arrow)',
    focusable: false,
    data: { bends: routes?.[`${e.source}>${e.target}`] },
  }));
}

/** Readies an edge for vue-flow: its data kept out of Vue's reactivity. */
export function dressEdge(e: FlowEdge): FlowEdge {
  markRaw(e.data);
  return e;
}

/** The bounds of the laid-out nodes, for fitting and for the first view of big graphs. */
export function bounds(nodes: FlowNode[]): { x: number; y: number; width: number; height: number } {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const n of nodes) {
    const d = (n as { dimensions?: { width: number; height: number } }).dimensions ?? { width: 0, height: 0 };
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + d.width);
    y1 = Math.max(y1, n.position.y + d.height);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 0, height: 0 };
}
