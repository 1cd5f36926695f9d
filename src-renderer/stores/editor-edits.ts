// The editor's commands on the document (add, connect, remove, move, rename, tidy): each is one
// undo step under a label that says what it did. Part of the editor store.
import type { Ref, ShallowRef } from 'vue';
import type { ProjectFunction } from '../../src-shared/contract';
import { layoutOf, tidyPositions } from '../flow/editor/arrange';
import * as D from '../flow/editor/doc';
import { boxOf, freeSpot, nodeSize } from '../flow/editor/geometry';
import type { Say } from './editor-saving';

export interface EditsState {
  doc: ShallowRef<D.EditorDoc>;
  selection: Ref<string[]>;
  functions: Ref<ProjectFunction[]>;
  busy: Ref<boolean>;
  /** The undo stack's `apply`: pushes the result's document, or shows its refusal. */
  apply: (label: string, result: D.Result) => boolean;
  say: Say;
  /** Clears an error message once the user fixed what it said. */
  dismissErrors: () => void;
}

export function editorEdits({ doc, selection, functions, busy, apply, say, dismissErrors }: EditsState) {
  return {
    addFunction,
    addDataset,
    checkConnection,
    connect,
    setInput,
    remove,
    removeSelected,
    move,
    tidy,
    rename,
    setTags,
    setInputCount,
    renamePipeline,
  };

  function addFunction(ref: string, at: D.XY): string | null {
    const fn = functions.value.find((f) => f.ref === ref);
    if (!fn) {
      say('error', `'${ref}' is not one of the project's functions.`);
      return null;
    }
    const result = D.addFunction(doc.value, fn, at);
    if ('doc' in result) result.doc = placeApart(result.doc, result.id!, at);
    if (!apply(`Add ${fn.name}`, result)) return null;
    selection.value = [result.id!];
    return result.id!;
  }

  function addDataset(name: string, datasetType: string, at: D.XY): string | null {
    const existing = D.datasetByName(doc.value, name.trim());
    const result = D.addDataset(doc.value, name, datasetType, at);
    if ('doc' in result) result.doc = placeApart(result.doc, result.id!, at);
    if (!apply(`Add ${name.trim()}`, result)) {
      if (existing) selection.value = [existing.id];
      return null;
    }
    selection.value = [result.id!];
    return result.id!;
  }

  /** The reason a connection would be refused, for vue-flow's live check while dragging. */
  function checkConnection(c: D.ConnectionLike): string | null {
    return D.connectionProblem(doc.value, c);
  }

  function connect(c: D.ConnectionLike): boolean {
    const o = D.orient(c);
    const label =
      typeof o === 'string'
        ? 'Connect'
        : `Connect ${D.nodeById(doc.value, o.source)?.name} → ${D.nodeById(doc.value, o.target)?.name}`;
    const ok = apply(label, D.connect(doc.value, c));
    if (ok) dismissErrors();
    return ok;
  }

  /** Points input `index` of a function at a dataset (or at nothing): one undo step, even when it replaces a connection. */
  function setInput(fnId: string, index: number, datasetId: string | null): boolean {
    const fn = D.nodeById(doc.value, fnId);
    if (fn?.kind !== 'function') return false;
    const handle = D.inHandle(index);
    const old = doc.value.edges.find((e) => e.target === fnId && e.targetHandle === handle);
    if ((old?.source ?? null) === datasetId) return false;
    let result: D.Result = { doc: doc.value };
    if (old) result = D.removeElements(doc.value, [old.id]);
    if ('doc' in result && datasetId)
      result = D.connect(result.doc, { source: datasetId, sourceHandle: D.OUT, target: fnId, targetHandle: handle });
    const ds = datasetId ? D.nodeById(doc.value, datasetId)?.name : null;
    const ok = apply(
      ds ? `Connect ${ds} → ${fn.name} ${D.inputLabel(fn, index)}` : `Disconnect ${fn.name} ${D.inputLabel(fn, index)}`,
      result,
    );
    if (ok) dismissErrors();
    return ok;
  }

  function remove(ids: readonly string[]): boolean {
    const names = ids.map((id) => D.nodeById(doc.value, id)?.name).filter(Boolean);
    const label = names.length
      ? `Delete ${names.join(', ')}`
      : ids.length > 1
        ? `Delete ${ids.length} connections`
        : 'Delete connection';
    return apply(label, D.removeElements(doc.value, ids));
  }

  function removeSelected(): boolean {
    if (!selection.value.length) return false;
    return remove(selection.value);
  }

  function move(positions: Record<string, D.XY>): boolean {
    const ids = Object.keys(positions);
    const label = ids.length === 1 ? `Move ${D.nodeById(doc.value, ids[0])?.name ?? ''}` : `Move ${ids.length} nodes`;
    return apply(label, D.moveNodes(doc.value, positions));
  }

  /** Lays the whole document out again with the graph view's layout: one undo step. */
  async function tidy(): Promise<boolean> {
    const before = doc.value;
    if (!before.nodes.length) return false;
    busy.value = true;
    try {
      const positions = tidyPositions(before, await layoutOf(before));
      // Changed meanwhile (a drag, an undo): that change wins, and Tidy up can be pressed again.
      if (doc.value !== before) return false;
      const ok = apply('Tidy up', D.moveNodes(before, positions));
      if (!ok) say('info', 'Already tidy: nothing moved.');
      return ok;
    } finally {
      busy.value = false;
    }
  }

  function rename(id: string, name: string): boolean {
    const before = D.nodeById(doc.value, id)?.name;
    return apply(`Rename ${before} to ${name.trim()}`, D.renameNode(doc.value, id, name));
  }

  function setTags(id: string, tags: string[]): boolean {
    return apply(`Tag ${D.nodeById(doc.value, id)?.name}`, D.setTags(doc.value, id, tags));
  }

  function setInputCount(id: string, count: number): boolean {
    return apply(`Inputs of ${D.nodeById(doc.value, id)?.name}: ${count}`, D.setInputCount(doc.value, id, count));
  }

  function renamePipeline(name: string): boolean {
    return apply(`Name the pipeline ${name.trim()}`, D.renamePipeline(doc.value, name));
  }
}

/** The document with node `id` moved from `at` to the nearest spot clear of every other node. */
function placeApart(doc: D.EditorDoc, id: string, at: D.XY): D.EditorDoc {
  const node = D.nodeById(doc, id)!;
  const others = doc.nodes.filter((n) => n.id !== id).map(boxOf);
  const p = freeSpot(others, nodeSize(node), at);
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, position: p } : n)) };
}
