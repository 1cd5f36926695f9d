import { describe, expect, it } from 'vitest';
import { generateWideGraph } from '../../bench/graph-fixture.mjs';
import { computeLayout, type LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { packLayout, unpackLayout } from '../../src-shared/graph-layout/layout-pack';
import { nodeSize } from '../../src-shared/graph-layout/node-size';
import { chainGraph } from './fixtures';

type Sizable = Parameters<typeof nodeSize>[0] & { id: string };
const inputOf = (g: { nodes: Sizable[]; edges: LayoutInput['edges'] }): LayoutInput => ({
  nodes: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
  edges: g.edges,
});

describe('packed layouts (from the worker)', () => {
  it('round-trips every position of a 10,000-node layout through one typed array, and the routes of a small one', () => {
    for (const g of [generateWideGraph({ functions: 3333 }), chainGraph()]) {
      const input = inputOf(g as Parameters<typeof inputOf>[0]);
      const layout = computeLayout(input);
      const packed = packLayout(input, layout);
      expect(packed.xy).toBeInstanceOf(Float64Array);
      expect(packed.xy.length).toBe(2 * input.nodes.length);
      // Through a real structured clone with the buffer transferred, as postMessage sends it.
      const sent = structuredClone(packed, { transfer: [packed.xy.buffer] });
      expect(packed.xy.length).toBe(0);
      expect(unpackLayout(input, sent)).toEqual(layout);
    }
  });

  it('leaves out a node without a position, and refuses a layout of another graph', () => {
    const input = inputOf(chainGraph());
    const layout = computeLayout(input);
    delete layout.nodes[input.nodes[0].id];
    const back = unpackLayout(input, packLayout(input, layout));
    expect(back.nodes[input.nodes[0].id]).toBeUndefined();
    expect(Object.keys(back.nodes)).toHaveLength(input.nodes.length - 1);
    const other = { ...input, nodes: input.nodes.slice(1) };
    expect(() => unpackLayout(other, packLayout(input, layout))).toThrow(/does not match/);
  });
});
