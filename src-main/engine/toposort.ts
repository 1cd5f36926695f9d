import type { Node } from './node';

export type TopoResult = { ok: true; layers: Node[][] } | { ok: false; cycle: Node[] };

/**
 * Kahn's algorithm by layers. Each layer is sorted by node key, so the order (and with it the
 * sequential runner's order) is the same on every run.
 */
export function topologicalLayers(nodes: readonly Node[], parentsOf: (n: Node) => Node[]): TopoResult {
  const pending = new Map<Node, number>();
  const children = new Map<Node, Node[]>();
  for (const n of nodes) {
    const parents = parentsOf(n);
    pending.set(n, parents.length);
    for (const p of parents) {
      const list = children.get(p);
      if (list) list.push(n);
      else children.set(p, [n]);
    }
  }
  const byKey = (a: Node, b: Node) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const layers: Node[][] = [];
  let current = nodes.filter((n) => pending.get(n) === 0);
  let placed = 0;
  while (current.length) {
    current.sort(byKey);
    layers.push(current);
    placed += current.length;
    const next: Node[] = [];
    for (const n of current) {
      for (const c of children.get(n) ?? []) {
        const left = pending.get(c)! - 1;
        pending.set(c, left);
        if (left === 0) next.push(c);
      }
    }
    current = next;
  }
  if (placed < nodes.length)
    return {
      ok: false,
      cycle: onCycles(
        nodes.filter((n) => pending.get(n)! > 0),
        children,
      ),
    };
  return { ok: true, layers };
}

/**
 * The nodes Kahn's algorithm could not place are the cycles plus everything downstream of them.
 * Peeling off, repeatedly, the nodes with no child left in the set leaves the cycles (and any
 * path between two cycles), which is what an error message should name.
 */
function onCycles(stuck: Node[], children: Map<Node, Node[]>): Node[] {
  const left = new Set(stuck);
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of left) {
      if (!(children.get(n) ?? []).some((c) => left.has(c))) {
        left.delete(n);
        changed = true;
      }
    }
  }
  return stuck.filter((n) => left.has(n));
}
