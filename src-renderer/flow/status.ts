import type { NodeStatus } from '../../src-shared/run-events';

/** Status is never colour alone: each has an icon and a word. */
export const STATUS_ICON: Record<NodeStatus, string> = {
  waiting: '◷',
  queued: '⋯',
  running: '▶',
  done: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '⊘',
  interrupted: '↯',
};

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
