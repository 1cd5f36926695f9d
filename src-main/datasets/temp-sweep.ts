import type { Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { recoverSwaps } from './partition-swap';
import { isOwnerAlive, parseTempName } from './temp-owner';

/** The project folders swept by default: where PRODUCT.md puts the files the catalog points at. */
export const DATA_FOLDERS = ['data'];

/**
 * Removes the debris of writers that died mid-save under a project's data folders: temp files of
 * atomic writes, and half-done partition swaps (finished or undone, see partition-swap.ts). Files
 * of a live writer are kept. Never throws: what cannot be removed now is left for the next sweep.
 * Returns the paths it removed or recovered.
 */
export async function sweepStaleTempFiles(
  projectRoot: string,
  folders: readonly string[] = DATA_FOLDERS,
): Promise<string[]> {
  const swept: string[] = [];
  for (const folder of folders) await sweepFolder(resolve(projectRoot, folder), swept);
  return swept;
}

async function sweepFolder(dir: string, swept: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const swaps = new Set<string>();
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const temp = parseTempName(entry.name);
    if (!temp) {
      if (entry.isDirectory()) await sweepFolder(path, swept);
      continue;
    }
    if (isOwnerAlive(temp)) continue;
    if (temp.kind !== 'tmp') swaps.add(join(dir, temp.target));
    else if (entry.isFile()) {
      try {
        await rm(path, { force: true });
        swept.push(path);
      } catch {
        // left for the next sweep
      }
    }
  }
  for (const target of swaps) {
    try {
      recoverSwaps(target);
      swept.push(target);
    } catch {
      // left for the next sweep
    }
  }
}
