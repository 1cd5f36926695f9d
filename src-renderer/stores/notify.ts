import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  level: 'error' | 'info';
  title: string;
  message: string;
}

/** The one place errors are shown: every store reports here, then rethrows. */
export const useNotifyStore = defineStore('notify', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;
  return { toasts, push, dismiss, report };

  function push(
    level: Toast['level'],
    title: string,
    message: string,
    ttlMs = level === 'error' ? 12_000 : 4000,
  ): number {
    const id = next++;
    toasts.value = [...toasts.value.slice(-4), { id, level, title, message }];
    if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
    return id;
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function report(title: string, error: unknown): void {
    push('error', title, error instanceof Error ? error.message : String(error));
  }
});

/** Runs an action, reports its failure centrally, then rethrows so callers can still react. */
export async function reported<T>(title: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    useNotifyStore().report(title, err);
    throw err;
  }
}
