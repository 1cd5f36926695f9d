import type { ShownNode } from './namespaces';

// Sizes are known before drawing so the layout can run in a worker and vue-flow can cull
// off-screen nodes without measuring them first. Labels are ellipsized past the cap.
const CHAR_PX = 7.6;
/** Function labels are bold. */
const BOLD_CHAR_PX = 8.4;
/** The qualifier line (a namespace) is in a smaller font. */
const SMALL_CHAR_PX = 6.4;

export function nodeSize(node: Pick<ShownNode, 'kind' | 'label' | 'qualifier'>): { width: number; height: number } {
  const bold = node.kind === 'function' || node.kind === 'namespace';
  const text = Math.max(
    node.label.length * (bold ? BOLD_CHAR_PX : CHAR_PX),
    (node.qualifier?.length ?? 0) * SMALL_CHAR_PX,
  );
  const tall = node.qualifier ? 14 : 0;
  if (node.kind === 'function') return { width: clamp(text + 40, 120, 400), height: 44 + tall };
  if (node.kind === 'dataset') return { width: clamp(text + 52, 110, 380), height: 40 + tall };
  if (node.kind === 'namespace') return { width: clamp(text + 64, 160, 320), height: 56 };
  return { width: clamp(text + 28, 90, 280), height: 28 + tall };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, v)));
}
