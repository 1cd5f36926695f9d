// A linear-time layered layout for big graphs, where dagre's crossing minimisation and
// Brandes-Köpf placement take tens of seconds (1,000 functions + 1,500 datasets: ~90 s).
// Sugiyama's steps kept cheap: longest-path ranks, a few barycentre sweeps over real edges
// (no dummy nodes), then a barycentre-pulled packing per rank. Edges are drawn as curves.
import type { Layout, LayoutInput } from './layout-core';

interface N {
  id: string;
  w: number;
  h: number;
  rank: number;
  pos: number;
  x: number;
  ins: number[];
  outs: number[];
}

export function layeredFast(input: LayoutInput, opts = { nodesep: 28, ranksep: 56, sweeps: 6 }): Layout {
  const index = new Map<string, number>();
  const ns: N[] = input.nodes.map((n, i) => {
    index.set(n.id, i);
    return { id: n.id, w: n.width, h: n.height, rank: 0, pos: 0, x: 0, ins: [], outs: [] };
  });
  for (const e of input.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    ns[a].outs.push(b);
    ns[b].ins.push(a);
  }
  const order = topoOrder(ns);
  for (const i of order) for (const j of ns[i].outs) ns[j].rank = Math.max(ns[j].rank, ns[i].rank + 1);
  // Sources (raw inputs, parameters) sit just above their first consumer, not all on row 0.
  for (const i of order) {
    const n = ns[i];
    if (n.ins.length === 0 && n.outs.length) n.rank = Math.max(0, Math.min(...n.outs.map((j) => ns[j].rank)) - 1);
  }
  // Nodes with no edge at all would widen row 0 without reason: they go in a block to the left.
  const alone = order.filter((i) => ns[i].ins.length === 0 && ns[i].outs.length === 0);
  const ranks: number[][] = [];
  for (const i of order) if (ns[i].ins.length || ns[i].outs.length) (ranks[ns[i].rank] ??= []).push(i);
  for (let r = 0; r < ranks.length; r++) (ranks[r] ??= []).forEach((i, p) => (ns[i].pos = p));

  for (let s = 0; s < opts.sweeps; s++) {
    const down = s % 2 === 0;
    const seq = down ? ranks.map((_, r) => r) : ranks.map((_, r) => ranks.length - 1 - r);
    for (const r of seq) {
      const row = ranks[r];
      const key = new Map<number, number>();
      for (const i of row) {
        const nb = down ? ns[i].ins : ns[i].outs;
        key.set(
          i,
          nb.length
            ? nb.reduce((a, j) => a + ns[j].pos / Math.max(1, ranks[ns[j].rank].length), 0) / nb.length
            : ns[i].pos / Math.max(1, row.length),
        );
      }
      row.sort((a, b) => key.get(a)! - key.get(b)!);
      row.forEach((i, p) => (ns[i].pos = p));
    }
  }

  // x: pack each row, then pull nodes toward their neighbours' centres without overlapping.
  for (const row of ranks) {
    let x = 0;
    for (const i of row) {
      ns[i].x = x + ns[i].w / 2;
      x += ns[i].w + opts.nodesep;
    }
    const shift = x / 2;
    for (const i of row) ns[i].x -= shift;
  }
  for (let pass = 0; pass < 8; pass++) {
    const seq = pass % 2 === 0 ? ranks : [...ranks].reverse();
    for (const row of seq) {
      // Each neighbour pulls in inverse proportion to its degree: a hub (a parameter read by every
      // node) would otherwise drag a whole row to its centre, away from the outputs below it.
      const want = row.map((i) => {
        let sum = 0;
        let weight = 0;
        for (const j of ns[i].ins) {
          const w = 1 / ns[j].outs.length;
          sum += ns[j].x * w;
          weight += w;
        }
        for (const j of ns[i].outs) {
          const w = 1 / ns[j].ins.length;
          sum += ns[j].x * w;
          weight += w;
        }
        return weight ? sum / weight : ns[i].x;
      });
      settle(
        row.map((i) => ns[i]),
        want,
        opts.nodesep,
      );
    }
  }

  const nodes: Layout['nodes'] = {};
  let y = 0;
  for (const row of ranks) {
    const h = Math.max(0, ...row.map((i) => ns[i].h));
    for (const i of row)
      nodes[ns[i].id] = { x: Math.round(ns[i].x - ns[i].w / 2), y: Math.round(y + (h - ns[i].h) / 2) };
    y += h + opts.ranksep;
  }
  placeAlone(
    alone.map((i) => ns[i]),
    nodes,
    opts.nodesep,
  );
  return { nodes, edges: {} };
}

/** Unconnected nodes in a square-ish block of cells, to the left of everything else. */
function placeAlone(alone: N[], nodes: Layout['nodes'], sep: number): void {
  if (!alone.length) return;
  const cellW = Math.max(...alone.map((n) => n.w)) + sep;
  const cellH = Math.max(...alone.map((n) => n.h)) + sep;
  const cols = Math.ceil(Math.sqrt(alone.length));
  const left = Math.min(0, ...Object.values(nodes).map((p) => p.x)) - sep * 2 - cols * cellW;
  alone.forEach(
    (n, k) => (nodes[n.id] = { x: Math.round(left + (k % cols) * cellW), y: Math.round(Math.floor(k / cols) * cellH) }),
  );
}

/** Places a row at the wanted centres, pushing right then left so boxes keep `sep` apart. */
function settle(row: N[], want: number[], sep: number): void {
  const x = want.slice();
  for (let k = 1; k < row.length; k++) x[k] = Math.max(x[k], x[k - 1] + (row[k - 1].w + row[k].w) / 2 + sep);
  for (let k = row.length - 2; k >= 0; k--) x[k] = Math.min(x[k], x[k + 1] - (row[k].w + row[k + 1].w) / 2 - sep);
  // The leftward pass may reopen overlaps only where the rightward pass had slack; average the two.
  const right = want.slice();
  for (let k = 1; k < row.length; k++)
    right[k] = Math.max(right[k], right[k - 1] + (row[k - 1].w + row[k].w) / 2 + sep);
  for (let k = 0; k < row.length; k++) row[k].x = (x[k] + right[k]) / 2;
  for (let k = 1; k < row.length; k++)
    row[k].x = Math.max(row[k].x, row[k - 1].x + (row[k - 1].w + row[k].w) / 2 + sep);
}

const collator = new Intl.Collator('en', { numeric: true });

function topoOrder(ns: N[]): number[] {
  const indeg = ns.map((n) => n.ins.length);
  const queue: number[] = [];
  indeg.forEach((d, i) => d === 0 && queue.push(i));
  // Siblings in natural order (`wide_2` before `wide_10`), whatever order the pipeline lists them in.
  const natural = (a: number, b: number) => collator.compare(ns[a].id, ns[b].id);
  queue.sort(natural);
  const out: number[] = [];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    out.push(i);
    const ready = ns[i].outs.filter((j) => --indeg[j] === 0);
    queue.push(...ready.sort(natural));
  }
  // A cycle (an invalid pipeline) must still draw: append what is left in input order.
  if (out.length < ns.length) for (let i = 0; i < ns.length; i++) if (indeg[i] > 0) out.push(i);
  return out;
}
