// The graph's "Run this node / Run to here / Run from here": the menu's state, the keys, and what
// each item runs. A function node opens the menu on right-click (see flow/nodes/FunctionNode.vue).
import { onBeforeUnmount, onMounted, reactive } from 'vue';
import type { NodeRunScope } from '../../stores/run';

export const RUN_SCOPES: ReadonlyArray<{ scope: NodeRunScope; label: string; key: string }> = [
  { scope: 'nodes', label: 'Run this node', key: 'R' },
  { scope: 'toNodes', label: 'Run to here', key: 'T' },
  { scope: 'fromNodes', label: 'Run from here', key: 'F' },
];

export const runMenu = reactive<{ node: string | null; x: number; y: number }>({ node: null, x: 0, y: 0 });

export function openRunMenu(event: MouseEvent, node: string): void {
  event.preventDefault();
  Object.assign(runMenu, { node, x: event.clientX, y: event.clientY });
}

/** Opens the menu beside a node drawn on the canvas (Shift+F10 or the context-menu key). */
export function openRunMenuAt(node: string): void {
  const el = document.querySelector(`.vue-flow__node[data-id="${CSS.escape(`fn:${node}`)}"]`);
  const box = el?.getBoundingClientRect();
  Object.assign(runMenu, { node, x: box ? box.right : 200, y: box ? box.top : 200 });
}

export function closeRunMenu(): void {
  runMenu.node = null;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.tagName && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Shift+R, Shift+T, Shift+F run the selected function node's scope; Shift+F10 opens the menu. */
export function nodeRunKey(e: KeyboardEvent): NodeRunScope | 'menu' | null {
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) return 'menu';
  if (!e.shiftKey) return null;
  return RUN_SCOPES.find((s) => s.key === e.key.toUpperCase())?.scope ?? null;
}

export function useNodeRunKeys(selected: () => string | null, run: (scope: NodeRunScope, node: string) => void): void {
  const onKey = (e: KeyboardEvent) => {
    const node = selected();
    const action = node && nodeRunKey(e);
    if (!node || !action) return;
    e.preventDefault();
    if (action === 'menu') openRunMenuAt(node);
    else run(action, node);
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
