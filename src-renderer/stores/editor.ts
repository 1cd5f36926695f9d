import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ProjectFunction } from '../../src-shared/contract';
import { call } from '../api/client';
import { arrangeOpened } from '../flow/editor/arrange';
import * as D from '../flow/editor/doc';
import { fromGraph } from '../flow/editor/to-file';
import { editorClipboard } from './editor-clipboard';
import { editorEdits } from './editor-edits';
import { editorHistory } from './editor-history';
import { editorSaving, errorText } from './editor-saving';
import { useProjectStore } from './project';

export interface EditorMessage {
  level: 'error' | 'info' | 'ok';
  text: string;
  /** More lines: every issue the host found, say. */
  details?: string[];
}

/**
 * The pipeline editor: one document, changed only through commands. Each command replaces the
 * document with a new one and keeps the old one on the undo stack under a label ("Connect xs →
 * mean"), so undo/redo is a swap of documents and can never drift from what the commands did.
 * The commands (editor-edits), the undo stack (editor-history), the clipboard (editor-clipboard)
 * and checking and saving (editor-saving) are built here over the one document.
 */
export const useEditorStore = defineStore('editor', () => {
  const doc = shallowRef<D.EditorDoc>(D.emptyDoc());
  /** The document as last opened or saved: `dirty` compares by identity, so undoing back to it is clean. */
  const clean = shallowRef<D.EditorDoc>(doc.value);
  const selection = ref<string[]>([]);
  const functions = ref<ProjectFunction[]>([]);
  const message = ref<EditorMessage | null>(null);
  /** Nodes the last check pointed at (drawn with a warning outline). */
  const flagged = ref<string[]>([]);
  const busy = ref(false);
  /** The pipelines/<name>.json this editor opened or saved last: saving under that name overwrites it, any other registered name is a clash. */
  const editing = ref<string | null>(null);
  /** The project the document belongs to: another project starts a new document. */
  let root: string | null = null;

  const history = editorHistory({ doc, clean, flagged, changed: prune, say });
  const { past, future, canUndo, canRedo, undoLabel, redoLabel, undo, redo } = history;
  const edits = editorEdits({ doc, selection, functions, busy, apply: history.apply, say, dismissErrors });
  const { clipboard, copy, cut, paste } = editorClipboard({
    doc,
    selection,
    push: history.push,
    remove: edits.remove,
    say,
    dismissErrors,
  });
  const { validate, save } = editorSaving({ doc, clean, editing, flagged, busy, say });

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
    ...edits,
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
    history.clear();
    selection.value = [];
    flagged.value = [];
    editing.value = null;
  }

  /** Starting over is a command too: undo brings the previous document back. */
  function newPipeline(): void {
    history.replace('New pipeline', D.emptyDoc(freshName()));
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
      history.replace(`Open ${name}`, next);
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

  /** The selection keeps only what is still in the document. */
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

  function say(level: EditorMessage['level'], text: string, details?: string[]): void {
    message.value = { level, text, details };
  }

  function dismiss(): void {
    message.value = null;
  }

  function dismissErrors(): void {
    if (message.value?.level === 'error') message.value = null;
  }
});
