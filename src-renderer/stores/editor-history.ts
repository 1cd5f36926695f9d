// The editor's undo and redo: each command replaces the document with a new one and keeps the old
// one on the undo stack under a label, so undo/redo is a swap of documents. Part of the editor store.
import { computed, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { EditorDoc, Result } from '../flow/editor/doc';
import type { Say } from './editor-saving';

export interface Entry {
  label: string;
  doc: EditorDoc;
}

const HISTORY_LIMIT = 200;

export interface HistoryState {
  doc: ShallowRef<EditorDoc>;
  clean: ShallowRef<EditorDoc>;
  flagged: Ref<string[]>;
  /** Called after the document changed (the selection drops what is gone). */
  changed: () => void;
  say: Say;
}

export function editorHistory({ doc, clean, flagged, changed, say }: HistoryState) {
  const past = shallowRef<Entry[]>([]);
  const future = shallowRef<Entry[]>([]);
  const canUndo = computed(() => past.value.length > 0);
  const canRedo = computed(() => future.value.length > 0);
  const undoLabel = computed(() => past.value.at(-1)?.label ?? '');
  const redoLabel = computed(() => future.value.at(-1)?.label ?? '');

  return { past, future, canUndo, canRedo, undoLabel, redoLabel, clear, push, replace, apply, undo, redo };

  function clear(): void {
    past.value = [];
    future.value = [];
  }

  function push(label: string, next: EditorDoc): void {
    past.value = [...past.value.slice(-(HISTORY_LIMIT - 1)), { label, doc: doc.value }];
    future.value = [];
    doc.value = next;
    flagged.value = [];
    changed();
  }

  /** A new document that is also the clean one (opened, started over): undo still brings the old one back. */
  function replace(label: string, next: EditorDoc): void {
    push(label, next);
    clean.value = next;
  }

  /** Applies a command's result; a refusal is shown and changes nothing. An empty refusal is a no-op. */
  function apply(label: string, result: Result): boolean {
    if ('error' in result) {
      if (result.error) say('error', result.error);
      return false;
    }
    push(label, result.doc);
    return true;
  }

  function undo(): void {
    step(past, future, 'Undone');
  }

  function redo(): void {
    step(future, past, 'Redone');
  }

  /** The last document of `from` becomes the document; the current one goes onto `to` under the same label. */
  function step(from: ShallowRef<Entry[]>, to: ShallowRef<Entry[]>, done: string): void {
    const entry = from.value.at(-1);
    if (!entry) return;
    from.value = from.value.slice(0, -1);
    to.value = [...to.value, { label: entry.label, doc: doc.value }];
    doc.value = entry.doc;
    changed();
    say('info', `${done}: ${entry.label}`);
  }
}
