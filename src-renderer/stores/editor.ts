import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ProjectFunction } from '../../src-shared/contract';
import { call } from '../api/client';
import { arrangeOpened, layoutOf, tidyPositions } from '../flow/editor/arrange';
import { copyNodes, pasteClip, type Clip } from '../flow/editor/clipboard';
import * as D from '../flow/editor/doc';
import { boxOf, freeSpot, nodeSize } from '../flow/editor/geometry';
import { fromGraph } from '../flow/editor/to-file';
import { editorSaving, errorText } from './editor-saving';
import { useProjectStore } from './project';

export interface EditorMessage {
  level: 'error' | 'info' | 'ok';
  text: string;
  /** More lines: every issue the host found, say. */
  details?: string[];
}

interface Entry {
  label: string;
  doc: D.EditorDoc;
}

const HISTORY_LIMIT = 200;

/**
 * The pipeline editor: one document, changed only through commands. Each command replaces the
 * document with a new one and keeps the old one on the undo stack under a label ("Connect xs →
 * mean"), so undo/redo is a swap of documents and can never drift from what the commands did.
 */
export const useEditorStore = defineStore('editor', () => {
  const doc = shallowRef<D.EditorDoc>(D.emptyDoc());
  const past = shallowRef<Entry[]>([]);
  const future = shallowRef<Entry[]>([]);
  /** The document as last opened or saved: `dirty` compares by identity, so undoing back to it is clean. */
  const clean = shallowRef<D.EditorDoc>(doc.value);
  const selection = ref<string[]>([]);
  /** What Ctrl+C copied: kept across documents, so nodes can be pasted into another pipeline. */
  const clipboard = shallowRef<Clip | null>(null);
  const functions = ref<ProjectFunction[]>([]);
  const message = ref<EditorMessage | null>(null);
  /** Nodes the last check pointed at (drawn with a warning outline). */
  const flagged = ref<string[]>([]);
  const busy = ref(false);
  /** The pipelines/<name>.json this editor opened or saved last: saving under that name overwrites it, any other registered name is a clash. */
  const editing = ref<string | null>(null);
  /** The project the document belongs to: another project starts a new document. */
  let root: string | null = null;
  const { validate, save } = editorSaving({ doc, clean, editing, flagged, busy, say });

  const canUndo = computed(() => past.value.length > 0);
  const canRedo = computed(() => future.value.length > 0);
  const undoLabel = computed(() => past.value.at(-1)?.label ?? '');
  const redoLabel = computed(() => future.value.at(-1)?.label ?? '');
  const dirty = computed(() => doc.value !== clean.value);
  const selectedNode = computed(() =>
    selection.value.length === 1 ? (D.nodeById(doc.value, selection.value[0]) ?? null) : null,
  );

  return {
    doc,
    past,
    future,
    selection,
    functions,
    message,
    flagged,
    busy,
    editing,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    dirty,
    selectedNode,
    hydrate,
    newPipeline,
    open,
    undo,
    redo,
    select,
    selectAll,
    copy,
    cut,
    paste,
    clipboard,
    say,
    dismiss,
    addFunction,
    addDataset,
    connect,
    checkConnection,
    setInput,
    remove,
    removeSelected,
    move,
    tidy,
    rename,
    setTags,
    setInputCount,
    renamePipeline,
    validate,
    save,
  };

  /** Loads the project's functions; a new project (or the first visit) starts an empty document. */
  async function hydrate(): Promise<void> {
    const project = useProjectStore();
    const current = project.summary?.root ?? null;
    if (current !== root) {
      root = current;
      reset(D.emptyDoc(freshName()));
    }
    await loadFunctions();
  }

  async function loadFunctions(): Promise<void> {
    try {
      functions.value = await call('pipelines.functions');
    } catch (err) {
      say('error', `Could not list the project's functions: ${errorText(err)}`);
      throw err;
    }
  }

  function freshName(): string {
    const taken = new Set(useProjectStore().pipelines.map((p) => p.name));
    if (!taken.has('new_pipeline')) return 'new_pipeline';
    for (let i = 2; ; i++) if (!taken.has(`new_pipeline_${i}`)) return `new_pipeline_${i}`;
  }

  function reset(next: D.EditorDoc): void {
    doc.value = next;
    clean.value = next;
    past.value = [];
    future.value = [];
    selection.value = [];
    flagged.value = [];
    editing.value = null;
  }

  /** Starting over is a command too: undo brings the previous document back. */
  function newPipeline(): void {
    replace('New pipeline', D.emptyDoc(freshName()));
    editing.value = null;
    say('info', 'New empty pipeline: drag functions and datasets from the palette.');
  }

  async function open(name: string): Promise<void> {
    busy.value = true;
    try {
      const [graph] = await Promise.all([
        call('pipelines.graph', { pipeline: name }),
        functions.value.length ? null : loadFunctions(),
      ]);
      const { doc: raw, fromFile, warnings, placed } = fromGraph(graph, functions.value);
      const next = await arrangeOpened(raw, new Set(placed));
      replace(`Open ${name}`, next);
      editing.value = fromFile ? name : null;
      const how = fromFile
        ? `Editing pipelines/${name}.json`
        : `'${name}' is defined in code: editing a copy named '${next.name}'`;
      say(warnings.length ? 'error' : 'info', `${how}.`, warnings.length ? warnings : undefined);
    } catch (err) {
      say('error', `Could not open '${name}': ${errorText(err)}`);
    } finally {
      busy.value = false;
    }
  }

  function replace(label: string, next: D.EditorDoc): void {
    push(label, next);
    clean.value = next;
  }

  function push(label: string, next: D.EditorDoc): void {
    past.value = [...past.value.slice(-(HISTORY_LIMIT - 1)), { label, doc: doc.value }];
    future.value = [];
    doc.value = next;
    flagged.value = [];
    prune();
  }

  /** Applies a command's result; a refusal is shown and changes nothing. An empty refusal is a no-op. */
  function apply(label: string, result: D.Result): boolean {
    if ('error' in result) {
      if (result.error) say('error', result.error);
      return false;
    }
    push(label, result.doc);
    return true;
  }

  function undo(): void {
    const entry = past.value.at(-1);
    if (!entry) return;
    past.value = past.value.slice(0, -1);
    future.value = [...future.value, { label: entry.label, doc: doc.value }];
    doc.value = entry.doc;
    prune();
    say('info', `Undone: ${entry.label}`);
  }

  function redo(): void {
    const entry = future.value.at(-1);
    if (!entry) return;
    future.value = future.value.slice(0, -1);
    past.value = [...past.value, { label: entry.label, doc: doc.value }];
    doc.value = entry.doc;
    prune();
    say('info', `Redone: ${entry.label}`);
  }

  function prune(): void {
    const ids = new Set([...doc.value.nodes.map((n) => n.id), ...doc.value.edges.map((e) => e.id)]);
    if (selection.value.some((id) => !ids.has(id))) selection.value = selection.value.filter((id) => ids.has(id));
  }

  function select(ids: string[]): void {
    if (ids.length === selection.value.length && ids.every((id, i) => id === selection.value[i])) return;
    selection.value = ids;
  }

  function selectAll(): void {
    select(doc.value.nodes.map((n) => n.id));
  }

  /** Copies the selected nodes and the connections among them; false when no node is selected. */
  function copy(): boolean {
    const clip = copyNodes(doc.value, selection.value);
    if (!clip) return false;
    clipboard.value = clip;
    const n = clip.nodes.length;
    say('info', `Copied ${n === 1 ? clip.nodes[0].name : `${n} nodes`}: Ctrl+V pastes.`);
    return true;
  }

  function cut(): boolean {
    if (!copy()) return false;
    return remove(selection.value.filter((id) => D.nodeById(doc.value, id)));
  }

  /** Adds what was copied, as new nodes clear of the others: one undo step; the pasted nodes are selected. */
  function paste(): boolean {
    if (!clipboard.value) {
      say('info', 'Nothing to paste: select nodes and copy them first (Ctrl+C).');
      return false;
    }
    const result = pasteClip(doc.value, clipboard.value);
    if ('error' in result) {
      say('error', result.error);
      return false;
    }
    const ids = result.ids!;
    push(ids.length === 1 ? `Paste ${D.nodeById(result.doc, ids[0])?.name}` : `Paste ${ids.length} nodes`, result.doc);
    selection.value = ids;
    dismissErrors();
    return true;
  }

  function say(level: EditorMessage['level'], text: string, details?: string[]): void {
    message.value = { level, text, details };
  }

  function dismiss(): void {
    message.value = null;
  }

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

  function dismissErrors(): void {
    if (message.value?.level === 'error') message.value = null;
  }
});

/** The document with node `id` moved from `at` to the nearest spot clear of every other node. */
function placeApart(doc: D.EditorDoc, id: string, at: D.XY): D.EditorDoc {
  const node = D.nodeById(doc, id)!;
  const others = doc.nodes.filter((n) => n.id !== id).map(boxOf);
  const p = freeSpot(others, nodeSize(node), at);
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, position: p } : n)) };
}
