import type { LayoutInput } from './layout-core';
import type { ShownNode } from './namespaces';
import { nodeSize } from './node-size';

/** What the layout needs of a graph: each node's drawn size, its namespace group and its layer. */
export function layoutInputOf(graph: {
  nodes: Array<Pick<ShownNode, 'id' | 'kind' | 'label' | 'qualifier' | 'namespace' | 'layer'>>;
  edges: LayoutInput['edges'];
}): LayoutInput {
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      ...nodeSize(n),
      ...(n.namespace ? { group: n.namespace } : {}),
      ...(n.layer ? { layer: n.layer } : {}),
    })),
    edges: graph.edges,
  };
}
