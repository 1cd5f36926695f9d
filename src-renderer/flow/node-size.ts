import type { GraphNode } from '../../src-shared/contract';

// Sizes are known before drawing so the layout can run in a worker and vue-flow can cull
// off-screen nodes without measuring them first. Labels are ellipsized past the cap.
const CHAR_PX = 7.2;

export function nodeSize(node: Pick<GraphNode, 'kind' | 'label'>): { width: number; height: number } {
  const text = node.label.length * CHAR_PX;
  if (node.kind === 'function') return { width: clamp(text + 56, 120, 260), height: 44 };
  if (node.kind === 'dataset') return { width: clamp(text + 40, 110, 240), height: 44 };
  return { width: clamp(text + 28, 90, 220), height: 26 };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, v)));
}
