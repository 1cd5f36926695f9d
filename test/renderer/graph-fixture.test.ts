import { describe, expect, it } from 'vitest';
import { generateGraph, generateWideGraph } from '../../bench/graph-fixture.mjs';

describe('benchmark graphs', () => {
  it('give every edge its own id (the canvas keeps one edge per id)', () => {
    for (const g of [generateWideGraph({ functions: 50 }), generateGraph({ functions: 60, datasets: 90 })]) {
      expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
    }
    expect(generateWideGraph({ functions: 50 }).edges.length).toBe(150);
  });
});
