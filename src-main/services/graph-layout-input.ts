// What the host lays out of a graph: the graph as the app first shows it (no tag filter, no
// namespace collapsed), with the app's own node sizes, so the page can draw the host's positions as
// they are. The layout code is src-shared/graph-layout (plain TypeScript, no DOM): one layout, two callers.
import type { PipelineGraph } from '../../src-shared/api-types';
import type { LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { layoutInputOf } from '../../src-shared/graph-layout/layout-input';
import { layoutKey } from '../../src-shared/graph-layout/layout-key';
import { collapseNamespaces } from '../../src-shared/graph-layout/namespaces';

export function firstViewLayoutInput(graph: PipelineGraph): { input: LayoutInput; key: string } {
  const input = layoutInputOf(collapseNamespaces(graph, new Set()));
  return { input, key: layoutKey(input) };
}
