// What `stat` says of a project's files, and whether it can be trusted to show a change: shared
// by the hash cache, `run --changed`'s stat manifest and the app's project loaded ahead.
import { statSync } from 'node:fs';

/** size, mtime, ctime, inode */
export type FileStat = [number, number, number, number];

export function statOf(file: string): FileStat | undefined {
  const s = statSync(file, { throwIfNoEntry: false });
  return s && [s.size, s.mtimeMs, s.ctimeMs, s.ino];
}

/**
 * Whether a change could have escaped the file's times: it was modified (or its inode changed)
 * within the granularity of its timestamps before `seenAt`. Timestamps in whole seconds (FAT,
 * HFS+, some network filesystems) get two seconds; finer ones a clock tick.
 */
export function racy(mtimeMs: number, ctimeMs: number, seenAt: number): boolean {
  const coarse = mtimeMs % 1000 === 0 && ctimeMs % 1000 === 0;
  const margin = coarse ? 2000 : 50;
  return Math.max(mtimeMs, ctimeMs) + margin >= seenAt;
}

/** The same files with the same stats, none of them racy as of `takenAt` (when `was` was taken). */
export function sameStats(was: Record<string, FileStat>, now: Record<string, FileStat>, takenAt: number): boolean {
  const names = Object.keys(was);
  if (names.length !== Object.keys(now).length) return false;
  for (const name of names) {
    const a = was[name];
    const b = now[name];
    if (!b || a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]) return false;
    if (racy(a[1], a[2], takenAt)) return false;
  }
  return true;
}
