// Apart from layout-core.ts, so the page can key its layouts without loading dagre.
import type { LayoutInput } from './layout-core';

/** A stable hash of what the layout depends on, to cache positions per graph. */
export function layoutKey(input: LayoutInput): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 31) + c) | 0;
    }
  };
  for (const n of input.nodes) feed(`${n.id}|${n.width}|${n.height}|${n.group ?? ''}|${n.layer ?? ''};`);
  for (const e of input.edges) feed(`${e.source}>${e.target};`);
  return `${input.nodes.length}-${input.edges.length}-${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}
