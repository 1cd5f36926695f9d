// Where the editor's nodes go when a pipeline is opened or tidied: the graph view's own layout
// (top to bottom), fed the sizes the editor draws, then any node still on another pushed apart.
import { layout as graphLayout } from '../layout';
import type { Layout, LayoutInput } from '../layout-core';
import { handleIndex, type DocNode, type EditorDoc, type XY } from './doc';
import { freeSpot, nodeSize, overlaps, type Box } from './geometry';

export type Positions = Record<string, XY>;

/** Vertical room between a node and the dataset placed above or below it. */
const ROW_GAP = 48;

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
 * positions): those stay (but for one saved on top of another); every other node goes beside a placed neighbour, as the layout would
 * put it (a dataset below its producer or above the input it feeds, a function below what it
 * reads), at the nearest spot free of every node.
 */
export function placeAround(doc: EditorDoc, kept: ReadonlySet<string>, layout: Layout): Positions {
  const out: Positions = {};
  const placed: Box[] = [];
  // Saved positions stay, unless two saved nodes overlap: then the later one moves just clear.
  for (const n of doc.nodes) if (kept.has(n.id)) put(n, n.position);
  const box = (id: string): Box | null => {
    const node = doc.nodes.find((x) => x.id === id);
    return node && out[id] ? { ...out[id], ...nodeSize(node) } : null;
  };
  let pending = inLayoutOrder(doc, layout).filter((n) => !kept.has(n.id));
  while (pending.length) {
    let progress = false;
    for (const n of pending) {
      const want = anchored(doc, n, box);
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

/** Where `n` would sit beside a neighbour already placed, or null when none is. */
function anchored(doc: EditorDoc, n: DocNode, box: (id: string) => Box | null): XY | null {
  const { width, height } = nodeSize(n);
  const below = (b: Box, dx = 0): XY => ({ x: b.x + b.width / 2 - width / 2 + dx, y: b.y + b.height + ROW_GAP });
  const above = (b: Box, dx = 0): XY => ({ x: b.x + b.width / 2 - width / 2 + dx, y: b.y - height - ROW_GAP });
  if (n.kind === 'dataset') {
    const made = doc.edges.find((e) => e.target === n.id);
    const producer = made && box(made.source);
    if (producer) {
      const siblings = doc.edges.filter((e) => e.source === made.source);
      const k = siblings.findIndex((e) => e.target === n.id);
      return below(producer, (k - (siblings.length - 1) / 2) * (width + 24));
    }
    for (const e of doc.edges.filter((x) => x.source === n.id)) {
      const reader = box(e.target);
      const fn = doc.nodes.find((x) => x.id === e.target);
      if (!reader || fn?.kind !== 'function') continue;
      // Straight above the input it feeds.
      const handleX = reader.x + (reader.width * (handleIndex(e.targetHandle) + 0.5)) / Math.max(1, fn.inputCount);
      return { x: handleX - width / 2, y: reader.y - height - ROW_GAP };
    }
    return null;
  }
  const read = doc.edges.find((e) => e.target === n.id && box(e.source));
  if (read) return below(box(read.source)!);
  const written = doc.edges.find((e) => e.source === n.id && box(e.target));
  return written ? above(box(written.target)!) : null;
}

/** An opened document laid out: the file's placed nodes kept (if any), everything else arranged. */
export async function arrangeOpened(doc: EditorDoc, kept: ReadonlySet<string>): Promise<EditorDoc> {
  if (!doc.nodes.length) return doc;
  const layout = await layoutOf(doc);
  const positions = kept.size ? placeAround(doc, kept, layout) : tidyPositions(doc, layout);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions[n.id] ?? n.position })) };
}
