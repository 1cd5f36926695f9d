// Copy and paste of a selection. A copy holds the selected nodes and the connections among them;
// a paste adds them again as new nodes with unique names, shifted clear of every node on the canvas.
import {
  datasetByName,
  isParameter,
  uniqueNodeName,
  type DocEdge,
  type DocNode,
  type EditorDoc,
  type Result,
  type XY,
} from './doc';
import { boxOf, freeSpot, nodeSize } from './geometry';

export interface Clip {
  nodes: DocNode[];
  edges: DocEdge[];
}

/** How far a paste lands from the copied nodes (then on to the nearest free spot). */
export const PASTE_OFFSET = 40;

/** The selected nodes and every connection between two of them, or null when no node is selected. */
export function copyNodes(doc: EditorDoc, ids: readonly string[]): Clip | null {
  const keep = new Set(ids);
  const nodes = doc.nodes.filter((n) => keep.has(n.id));
  if (!nodes.length) return null;
  const edges = doc.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  return structuredClone({ nodes, edges });
}

/** `base`, then `base_2`, `base_3`…: the first name no dataset on the canvas has. */
export function uniqueDatasetName(doc: EditorDoc, base: string): string {
  if (!datasetByName(doc, base)) return base;
  for (let i = 2; ; i++) if (!datasetByName(doc, `${base}_${i}`)) return `${base}_${i}`;
}

/**
 * Adds a copy. Functions get unique names (`train`, then `train_2`); so do the datasets the copy
 * writes (a dataset has one producer). A dataset the copy only reads, already on the canvas, is
 * not duplicated: the pasted functions read that one, as the copied ones did.
 */
export function pasteClip(doc: EditorDoc, clip: Clip): Result & { ids?: string[] } {
  if (!clip.nodes.length) return { error: 'Nothing to paste: copy some nodes first (Ctrl+C).' };
  const next: EditorDoc = structuredClone(doc);
  const written = new Set(clip.edges.map((e) => e.target).filter((id) => clip.nodes.some((n) => n.id === id)));
  const read = new Set(clip.edges.map((e) => e.source));
  const idOf = new Map<string, string>();
  const added: DocNode[] = [];
  for (const n of clip.nodes) {
    if (n.kind === 'dataset' && read.has(n.id) && !written.has(n.id)) {
      const existing = datasetByName(next, n.name);
      if (existing) {
        idOf.set(n.id, existing.id);
        continue;
      }
    }
    const id = `${n.kind === 'function' ? 'f' : 'd'}${next.seq++}`;
    idOf.set(n.id, id);
    let node: DocNode;
    if (n.kind === 'function') {
      // Keyword outputs are keyed by dataset id: filled in below, as the connections are copied.
      const { outputKeys, inputKeys, ...rest } = n;
      node = {
        ...rest,
        id,
        name: uniqueNodeName(next, n.name),
        tags: [...n.tags],
        ...(inputKeys ? { inputKeys: [...inputKeys] } : {}),
        ...(outputKeys ? { outputKeys: {} } : {}),
      };
    } else node = renamedDataset({ ...n, id }, uniqueDatasetName(next, n.name));
    next.nodes.push(node);
    added.push(node);
  }
  for (const e of clip.edges) {
    const source = idOf.get(e.source)!;
    const target = idOf.get(e.target)!;
    next.edges.push({ ...e, id: `e${next.seq++}`, source, target });
    const fn = clip.nodes.find((n) => n.id === e.source);
    const key = fn?.kind === 'function' ? fn.outputKeys?.[e.target] : undefined;
    const pasted = next.nodes.find((n) => n.id === source);
    if (key !== undefined && pasted?.kind === 'function') pasted.outputKeys![target] = key;
  }
  shiftClear(next, added);
  return { doc: next, ids: added.map((n) => n.id) };
}

/** A renamed dataset is a new one: not the catalog entry of its old name, so a memory dataset. */
function renamedDataset(n: Extract<DocNode, { kind: 'dataset' }>, name: string): DocNode {
  if (name === n.name || isParameter(n.name)) return { ...n, name };
  return { ...n, name, datasetType: 'MemoryDataset' };
}

/** Moves the pasted nodes together, offset from where they were copied, to a spot clear of every other node. */
function shiftClear(doc: EditorDoc, added: DocNode[]): void {
  if (!added.length) return;
  const mine = new Set(added.map((n) => n.id));
  const boxes = added.map(boxOf);
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const size = {
    width: Math.max(...added.map((n) => n.position.x + nodeSize(n).width)) - x,
    height: Math.max(...added.map((n) => n.position.y + nodeSize(n).height)) - y,
  };
  const others = doc.nodes.filter((n) => !mine.has(n.id)).map(boxOf);
  const to: XY = freeSpot(others, size, { x: x + PASTE_OFFSET, y: y + PASTE_OFFSET });
  for (const n of added) n.position = { x: n.position.x + to.x - x, y: n.position.y + to.y - y };
}
