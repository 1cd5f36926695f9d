import { markRaw } from 'vue';
import type { GraphNode, PipelineGraph } from '../../src-shared/contract';
import type { FlowEdge, FlowNode } from './index';
import type { Layout } from './layout-core';
import { nodeSize } from './node-size';

const KIND_WORD = {
  function: 'Function',
  dataset: 'Dataset',
  parameter: 'Parameters',
  namespace: 'Namespace',
} as const;

/** Plain vue-flow elements with sizes given up front, so off-screen nodes are culled without measuring. */
export function toFlowNodes(graph: PipelineGraph, layout: Layout): FlowNode[] {
  return graph.nodes.map((n: GraphNode) => {
    const size = nodeSize(n);
    return {
      id: n.id,
      type: n.kind,
      position: layout.nodes[n.id] ?? { x: 0, y: 0 },
      data: markRaw({ node: n }),
      dimensions: size,
      style: { width: `${size.width}px`, height: `${size.height}px` },
      ariaLabel: n.kind === 'namespace' ? `Namespace ${n.name} (collapsed), expand` : `${KIND_WORD[n.kind]} ${n.name}`,
      connectable: false,
      draggable: false,
    } as FlowNode;
  });
}

export function toFlowEdges(graph: PipelineGraph, layout: Layout): FlowEdge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'plain',
    markerEnd: 'url(#pw-arrow)',
    focusable: false,
    data: markRaw({ bends: layout.edges[`${e.source}>${e.target}`] }),
  }));
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
