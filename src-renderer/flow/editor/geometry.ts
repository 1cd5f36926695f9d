// The editor's nodes as boxes: the size each node is drawn at (set on the node, so what the layout
// and the overlap checks see is what the user sees), overlaps, and free spots for new nodes.
import type { DocNode, EditorDoc, XY } from './doc';

export interface Size {
  width: number;
  height: number;
}
export interface Box extends XY, Size {}

const NAME_PX = 8.6;
const PORT_PX = 6.8;
const clamp = (v: number, lo: number, hi: number): number => Math.round(Math.min(hi, Math.max(lo, v)));

/** Port row height, head height: the function node's CSS uses the same figures. */
export const PORT_ROW = 20;
const FN_HEAD = 46;
const DS_HEIGHT = 44;

/** The size a node is drawn at: wide enough for its name, and for one labelled handle per input. */
export function nodeSize(node: DocNode): Size {
  if (node.kind === 'dataset') {
    const text = Math.max(node.name.length * NAME_PX, node.datasetType.length * PORT_PX);
    return { width: clamp(text + 40, 120, 320), height: DS_HEIGHT };
  }
  const labels = Array.from({ length: node.inputCount }, (_, i) => node.inputKeys?.[i] ?? `arg${i + 1}`);
  const ports = labels.reduce((w, l) => w + l.length * PORT_PX + 14, 0);
  const sub = (node.fnName === node.name ? '' : `${node.fnName}() `) + node.tags.map((t) => `#${t}`).join(' ');
  const text = Math.max(node.name.length * NAME_PX, sub.length * PORT_PX) + 32;
  return { width: clamp(Math.max(text, ports), 150, 360), height: FN_HEAD + (node.inputCount ? PORT_ROW : 0) };
}

export function boxOf(node: DocNode): Box {
  return { ...node.position, ...nodeSize(node) };
}

/** Whether two boxes share any area (touching edges do not overlap), with `gap` kept between them. */
export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return (
    a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
  );
}

/** The box around every node, or null for an empty document. */
export function docBounds(doc: EditorDoc): Box | null {
  if (!doc.nodes.length) return null;
  const boxes = doc.nodes.map(boxOf);
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.width)) - x;
  const height = Math.max(...boxes.map((b) => b.y + b.height)) - y;
  return { x, y, width, height };
}

/** Every pair of nodes drawn on top of each other, by name. */
export function overlappingPairs(doc: EditorDoc): Array<[string, string]> {
  const boxes = doc.nodes.map((n) => ({ name: n.name, box: boxOf(n) })).sort((a, b) => a.box.x - b.box.x);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].box.x < a.box.x + a.box.width; j++)
      if (overlaps(a.box, boxes[j].box)) pairs.push([a.name, boxes[j].name]);
  }
  return pairs;
}

/** Space kept around a node placed by the editor, so it is never drawn against another. */
export const MARGIN = 24;
const STEP = 24;
const MAX_RINGS = 200;

/**
 * The top-left corner nearest to `at` where a box of `size` keeps MARGIN from every box in
 * `taken`: candidates on a grid, ring by ring outwards, nearest first within a ring.
 */
export function freeSpot(taken: readonly Box[], size: Size, at: XY): XY {
  const start = { x: Math.round(at.x), y: Math.round(at.y) };
  const free = (p: XY) => !taken.some((b) => overlaps({ ...p, ...size }, b, MARGIN));
  if (free(start)) return start;
  for (let r = 1; r <= MAX_RINGS; r++) {
    const ring: XY[] = [];
    const add = (i: number, j: number) => ring.push({ x: start.x + i * STEP, y: start.y + j * STEP });
    for (let i = -r; i <= r; i++) {
      add(i, -r);
      add(i, r);
    }
    for (let j = 1 - r; j < r; j++) {
      add(-r, j);
      add(r, j);
    }
    ring.sort((p, q) => dist(p, start) - dist(q, start) || p.y - q.y || p.x - q.x);
    const hit = ring.find(free);
    if (hit) return hit;
  }
  // Past the search: below everything, which is always free.
  return { x: start.x, y: Math.max(...taken.map((b) => b.y + b.height)) + MARGIN };
}

const dist = (p: XY, q: XY): number => (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
