import { describe, expect, it } from 'vitest';
import { isReactive, reactive } from 'vue';
import { generateWideGraph } from '../../bench/graph-fixture.mjs';
import type { PipelineGraph } from '../../src-shared/contract';
import { layoutInputOf } from '../../src-shared/graph-layout/layout-input';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { dressEdge, dressNode, toFlowEdges, toFlowNodes } from '../../src-renderer/flow/to-flow';

describe('vue-flow elements', () => {
  const g = generateWideGraph({ functions: 40 }) as PipelineGraph;
  const layout = computeLayout(layoutInputOf(g));

  it('are dressed for vue-flow only as they join it: style, label for screen readers, raw data', () => {
    const nodes = toFlowNodes(g, layout);
    expect(nodes).toHaveLength(g.nodes.length);
    const fn = nodes.find((n) => n.id === 'fn:wide_7')!;
    expect(fn.position).toEqual(layout.nodes['fn:wide_7']);
    expect(fn.ariaLabel).toBeUndefined();
    expect(dressNode(fn)).toBe(fn);
    expect(fn.ariaLabel).toBe('Function wide_7');
    const { width, height } = (fn as typeof fn & { dimensions: { width: number; height: number } }).dimensions;
    expect(fn.style).toEqual({ width: `${width}px`, height: `${height}px` });
    // vue-flow keeps its nodes reactive; the graph node inside stays a plain object.
    expect(isReactive(reactive({ n: fn }).n.data)).toBe(false);
    const param = dressNode(nodes.find((n) => n.type === 'parameter')!);
    expect(param.ariaLabel).toBe('Parameters params:rate');

    const edge = dressEdge(toFlowEdges(g, layout)[0]);
    expect(isReactive(reactive({ e: edge }).e.data)).toBe(false);
  });

  it("carry their edge's bends when the layout routes edges, and none when it does not", () => {
    const [first, second] = g.edges;
    const routed = { ...layout, edges: { [`${first.source}>${first.target}`]: [[1, 2] as [number, number]] } };
    const edges = toFlowEdges(g, routed);
    expect(edges[0].data).toEqual({ bends: [[1, 2]] });
    expect(edges.find((e) => e.id === second.id)!.data).toEqual({ bends: undefined });
    expect(toFlowEdges(g, { ...layout, edges: {} })[0].data).toEqual({ bends: undefined });
  });
});
