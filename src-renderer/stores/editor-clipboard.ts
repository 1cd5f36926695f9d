// The editor's copy, cut and paste of nodes. The clipboard outlives the document, so nodes can be
// pasted into another pipeline. Part of the editor store.
import { shallowRef, type Ref, type ShallowRef } from 'vue';
import { copyNodes, pasteClip, type Clip } from '../flow/editor/clipboard';
import * as D from '../flow/editor/doc';
import type { Say } from './editor-saving';

export interface ClipboardState {
  doc: ShallowRef<D.EditorDoc>;
  selection: Ref<string[]>;
  /** The undo stack's `push`: one undo step. */
  push: (label: string, next: D.EditorDoc) => void;
  remove: (ids: readonly string[]) => boolean;
  say: Say;
  dismissErrors: () => void;
}

export function editorClipboard({ doc, selection, push, remove, say, dismissErrors }: ClipboardState) {
  /** What Ctrl+C copied. */
  const clipboard = shallowRef<Clip | null>(null);
  return { clipboard, copy, cut, paste };

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
}
