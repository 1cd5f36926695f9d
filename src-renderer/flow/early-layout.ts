// The first graph is laid out as soon as its early reply arrives (main.ts), while the app's code
// still loads: the graph store's first layout then finds it done or under way (layout.ts keeps it
// by key). The input is built as the store builds it for a first open: no tag filter, nothing collapsed.
import type { PipelineGraph } from '../../src-shared/contract';
import { filterByTags } from '../lib/graph-walk';
import { layout } from './layout';
import { layoutInputOf } from './layout-input';
import { collapseNamespaces } from './namespaces';

export function layOutEarly(graph: PipelineGraph): void {
  if (graph.hasPositions) return;
  layout(layoutInputOf(collapseNamespaces(filterByTags(graph, []), new Set()))).catch(() => undefined);
}
