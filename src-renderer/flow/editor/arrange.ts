// Where the editor's nodes go when a pipeline is opened or tidied: the graph view's own layout
// (top to bottom), fed the sizes the editor draws, then any node still on another pushed apart.
import { layout as graphLayout } from '../layout';
import type { Layout, LayoutInput } from '../../../src-shared/graph-layout/layout-core';
import type { DocNode, EditorDoc, XY } from './doc';
import { freeSpot, nodeSize, overlaps, type Box } from './geometry';

export type Positions = Record<string, XY>;

export function layoutInput(doc: EditorDoc): LayoutInput {
  return {
    nodes: doc.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
    edges: doc.edges.map((e) => ({ source: e.source, target: e.target })),
  };
}

/** Runs the graph view's layout (in its worker, cached) on the document. */
export function layoutOf(doc: EditorDoc): Promise<Layout> {
  return graphLayout(layoutInput(doc));
}

/** Nodes in the order the layout reads them: top to bottom, then left to right. */
function inLayoutOrder(doc: EditorDoc, layout: Layout): DocNode[] {
  const at = (n: DocNode) => layout.nodes[n.id] ?? n.position;
  return [...doc.nodes].sort((a, b) => at(a).y - at(b).y || at(a).x - at(b).x);
}

/** Every node where the layout puts it; a node the layout left on another goes to the nearest free spot. */
export function tidyPositions(doc: EditorDoc, layout: Layout): Positions {
  const out: Positions = {};
  const placed: Box[] = [];
  for (const n of inLayoutOrder(doc, layout)) {
    const size = nodeSize(n);
    const want = layout.nodes[n.id] ?? n.position;
    const p = placed.some((b) => overlaps({ ...want, ...size }, b)) ? freeSpot(placed, size, want) : want;
    out[n.id] = { x: Math.round(p.x), y: Math.round(p.y) };
    placed.push({ ...out[n.id], ...size });
  }
  return out;
}

/**
 * Positions for a document whose `kept` nodes were placed by the user (a pipeline file's saved
 * positions): those stay (but for one saved on top of another); every other node goes beside a
 * placed neighbour, as the layout would put it, at the nearest spot free of every node.
 */
export function placeAround(doc: EditorDoc, kept: ReadonlySet<string>, layout: Layout): Positions {
  const out: Positions = {};
  const placed: Box[] = [];
  // Saved positions stay, unless two saved nodes overlap: then the later one moves just clear.
  for (const n of doc.nodes) if (kept.has(n.id)) put(n, n.position);
  let pending = inLayoutOrder(doc, layout).filter((n) => !kept.has(n.id));
  while (pending.length) {
    let progress = false;
    for (const n of pending) {
      const want = anchored(doc, n, layout, (id) => out[id] ?? null);
      if (!want) continue;
      put(n, want);
      progress = true;
    }
    pending = pending.filter((n) => !out[n.id]);
    // Nothing beside anything placed: the first left goes where the layout says, and the rest follow it.
    if (!progress && pending.length) put(pending[0], layout.nodes[pending[0].id] ?? pending[0].position);
    pending = pending.filter((n) => !out[n.id]);
  }
  return out;

  function put(n: DocNode, want: XY): void {
    const size = nodeSize(n);
    out[n.id] = freeSpot(placed, size, want);
    placed.push({ ...out[n.id], ...size });
  }
}

/**
 * Where `n` would sit beside a neighbour already placed: where the layout puts it relative to that
 * neighbour (its producer first, else what it reads, else what reads it). A pipeline saved from a
 * tidy layout so reopens exactly as it was. Null when no neighbour is placed.
 */
function anchored(doc: EditorDoc, n: DocNode, layout: Layout, at: (id: string) => XY | null): XY | null {
  const near = [
    ...doc.edges.filter((e) => e.target === n.id).map((e) => e.source),
    ...doc.edges.filter((e) => e.source === n.id).map((e) => e.target),
  ];
  const mine = layout.nodes[n.id];
  for (const id of near) {
    const p = at(id);
    const theirs = layout.nodes[id];
    if (p && mine && theirs) return { x: p.x + mine.x - theirs.x, y: p.y + mine.y - theirs.y };
  }
  return null;
}

/** An opened document laid out: the file's placed nodes kept (if any), everything else arranged. */
export async function arrangeOpened(doc: EditorDoc, kept: ReadonlySet<string>): Promise<EditorDoc> {
  if (!doc.nodes.length) return doc;
  const layout = await layoutOf(doc);
  const positions = kept.size ? placeAround(doc, kept, layout) : tidyPositions(doc, layout);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions[n.id] ?? n.position })) };
}
