// A linear-time layered layout for big graphs, where dagre's crossing minimisation and
// Brandes-Köpf placement take tens of seconds (1,000 functions + 1,500 datasets: ~90 s).
// Sugiyama's steps kept cheap: longest-path ranks, a few barycentre sweeps over real edges
// (no dummy nodes), then a barycentre-pulled packing per rank. Edges are drawn as curves.
import type { Layout, LayoutInput } from './layout-core';

/**
 * The nodes' fields as typed arrays indexed by node, and the edges as lists of indices: 10,000
 * node objects whose numeric fields changed representation (integer to fraction) cost the first,
 * cold layout more than the algorithm itself.
 */
interface Graph {
  ids: string[];
  w: Float64Array;
  h: Float64Array;
  rank: Int32Array;
  pos: Float64Array;
  x: Float64Array;
  ins: number[][];
  outs: number[][];
}

export function layeredFast(input: LayoutInput, opts = { nodesep: 28, ranksep: 56, sweeps: 6 }): Layout {
  const count = input.nodes.length;
  const index = new Map<string, number>();
  const g: Graph = {
    ids: input.nodes.map((n) => n.id),
    w: Float64Array.from(input.nodes, (n) => n.width),
    h: Float64Array.from(input.nodes, (n) => n.height),
    rank: new Int32Array(count),
    pos: new Float64Array(count),
    x: new Float64Array(count),
    ins: Array.from({ length: count }, () => []),
    outs: Array.from({ length: count }, () => []),
  };
  const { w, rank, pos, x, ins, outs } = g;
  g.ids.forEach((id, i) => index.set(id, i));
  for (const e of input.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    outs[a].push(b);
    ins[b].push(a);
  }
  const order = topoOrder(g);
  for (const i of order) for (const j of outs[i]) rank[j] = Math.max(rank[j], rank[i] + 1);
  // Sources (raw inputs, parameters) sit just above their first consumer, not all on row 0.
  for (const i of order) {
    if (ins[i].length || !outs[i].length) continue;
    let first = Infinity;
    for (const j of outs[i]) first = Math.min(first, rank[j]);
    rank[i] = Math.max(0, first - 1);
  }
  // Nodes with no edge at all would widen row 0 without reason: they go in a block to the left.
  const alone = order.filter((i) => ins[i].length === 0 && outs[i].length === 0);
  const ranks: number[][] = [];
  for (const i of order) if (ins[i].length || outs[i].length) (ranks[rank[i]] ??= []).push(i);
  for (let r = 0; r < ranks.length; r++) (ranks[r] ??= []).forEach((i, p) => (pos[i] = p));

  const key = new Float64Array(count);
  const byKey = (a: number, b: number) => key[a] - key[b];
  for (let s = 0; s < opts.sweeps; s++) {
    const down = s % 2 === 0;
    for (let k = 0; k < ranks.length; k++) {
      const row = ranks[down ? k : ranks.length - 1 - k];
      for (const i of row) {
        const nb = down ? ins[i] : outs[i];
        let sum = 0;
        for (const j of nb) sum += pos[j] / Math.max(1, ranks[rank[j]].length);
        key[i] = nb.length ? sum / nb.length : pos[i] / Math.max(1, row.length);
      }
      row.sort(byKey);
      row.forEach((i, p) => (pos[i] = p));
    }
  }

  // x: pack each row, then pull nodes toward their neighbours' centres without overlapping.
  for (const row of ranks) {
    let at = 0;
    for (const i of row) {
      x[i] = at + w[i] / 2;
      at += w[i] + opts.nodesep;
    }
    const shift = at / 2;
    for (const i of row) x[i] -= shift;
  }
  for (let pass = 0; pass < 8; pass++) {
    const seq = pass % 2 === 0 ? ranks : [...ranks].reverse();
    for (const row of seq) {
      // Each neighbour pulls in inverse proportion to its degree: a hub (a parameter read by every
      // node) would otherwise drag a whole row to its centre, away from the outputs below it.
      const want = new Float64Array(row.length);
      row.forEach((i, k) => {
        let sum = 0;
        let weight = 0;
        for (const j of ins[i]) {
          const wj = 1 / outs[j].length;
          sum += x[j] * wj;
          weight += wj;
        }
        for (const j of outs[i]) {
          const wj = 1 / ins[j].length;
          sum += x[j] * wj;
          weight += wj;
        }
        want[k] = weight ? sum / weight : x[i];
      });
      settle(row, want, g, opts.nodesep);
    }
  }

  const nodes: Layout['nodes'] = {};
  let y = 0;
  for (const row of ranks) {
    let h = 0;
    for (const i of row) h = Math.max(h, g.h[i]);
    for (const i of row) nodes[g.ids[i]] = { x: Math.round(x[i] - w[i] / 2), y: Math.round(y + (h - g.h[i]) / 2) };
    y += h + opts.ranksep;
  }
  placeAlone(alone, g, nodes, opts.nodesep);
  return { nodes, edges: {} };
}

/** Unconnected nodes in a square-ish block of cells, to the left of everything else. */
function placeAlone(alone: number[], g: Graph, nodes: Layout['nodes'], sep: number): void {
  if (!alone.length) return;
  const cellW = Math.max(...alone.map((i) => g.w[i])) + sep;
  const cellH = Math.max(...alone.map((i) => g.h[i])) + sep;
  const cols = Math.ceil(Math.sqrt(alone.length));
  const left = Math.min(0, ...Object.values(nodes).map((p) => p.x)) - sep * 2 - cols * cellW;
  alone.forEach(
    (i, k) =>
      (nodes[g.ids[i]] = { x: Math.round(left + (k % cols) * cellW), y: Math.round(Math.floor(k / cols) * cellH) }),
  );
}

/** Places a row at the wanted centres, pushing right then left so boxes keep `sep` apart. */
function settle(row: number[], want: Float64Array, g: Graph, sep: number): void {
  const { w, x: out } = g;
  const gap = (k: number) => (w[row[k - 1]] + w[row[k]]) / 2 + sep;
  const x = want.slice();
  for (let k = 1; k < row.length; k++) x[k] = Math.max(x[k], x[k - 1] + gap(k));
  for (let k = row.length - 2; k >= 0; k--) x[k] = Math.min(x[k], x[k + 1] - gap(k + 1));
  // The leftward pass may reopen overlaps only where the rightward pass had slack; average the two.
  const right = want.slice();
  for (let k = 1; k < row.length; k++) right[k] = Math.max(right[k], right[k - 1] + gap(k));
  for (let k = 0; k < row.length; k++) out[row[k]] = (x[k] + right[k]) / 2;
  for (let k = 1; k < row.length; k++) out[row[k]] = Math.max(out[row[k]], out[row[k - 1]] + gap(k));
}

const collator = new Intl.Collator('en', { numeric: true });

function topoOrder(g: Graph): number[] {
  const { ins, outs, ids } = g;
  const indeg = ins.map((l) => l.length);
  const queue: number[] = [];
  indeg.forEach((d, i) => d === 0 && queue.push(i));
  // Siblings in natural order (`wide_2` before `wide_10`), whatever order the pipeline lists them in.
  const natural = (a: number, b: number) => collator.compare(ids[a], ids[b]);
  queue.sort(natural);
  const out: number[] = [];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    out.push(i);
    const ready = outs[i].filter((j) => --indeg[j] === 0);
    if (ready.length > 1) ready.sort(natural);
    for (const j of ready) queue.push(j);
  }
  // A cycle (an invalid pipeline) must still draw: append what is left in input order.
  if (out.length < ids.length) for (let i = 0; i < ids.length; i++) if (indeg[i] > 0) out.push(i);
  return out;
}
