import { onBeforeUnmount, onMounted } from 'vue';

export interface ShortcutHandlers {
  run(): void;
  cancel(): void;
  fit(): void;
  search(): void;
  escape?(): void;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Ctrl+Enter run, Escape cancel, F or Shift+1 fit view, Ctrl+K or / search. */
export function shortcutFor(e: KeyboardEvent): keyof ShortcutHandlers | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key === 'Enter') return 'run';
  if (mod && e.key.toLowerCase() === 'k') return 'search';
  if (e.key === 'Escape') return 'cancel';
  if (typing(e.target) || mod || e.altKey) return null;
  if (e.key === '/') return 'search';
  if ((e.key === 'f' || e.key === 'F') && !e.shiftKey) return 'fit';
  if (e.shiftKey && (e.key === '!' || e.code === 'Digit1')) return 'fit';
  return null;
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const onKey = (e: KeyboardEvent) => {
    const action = shortcutFor(e);
    if (!action) return;
    e.preventDefault();
    handlers[action]?.();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
