import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isOwnerAlive, ownedPathBeside, parseTempName, type TempName } from './temp-owner';

/*
 * Replacing a folder of partitions so that it holds the old set or the new one, never a mix: the
 * new set is written into a hidden sibling `.<name>.<owner>.<random>.new`; then the old folder is
 * renamed aside to `….old`, the new one renamed in, and the old one removed. A writer that dies
 * part way leaves those siblings; `recoverSwaps` finishes or undoes its swap.
 */

/** Writes a new folder with `fill` and swaps it in for `target` (which may not exist yet). */
export async function replaceFolder(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  recoverSwaps(target);
  const fresh = ownedPathBeside(target, 'new');
  const aside = `${fresh.slice(0, -'.new'.length)}.old`;
  try {
    await mkdir(fresh, { recursive: true });
    await fill(fresh);
  } catch (err) {
    await rm(fresh, { recursive: true, force: true });
    throw err;
  }
  let movedAside = false;
  try {
    await rename(target, aside);
    movedAside = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(fresh, { recursive: true, force: true });
      throw err;
    }
  }
  try {
    await rename(fresh, target);
  } catch (err) {
    if (movedAside) await rename(aside, target);
    await rm(fresh, { recursive: true, force: true });
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}

/**
 * Finishes or undoes the swaps of `target` whose writers are dead. A `.old` folder means the new
 * set was complete (it is only moved aside after), so a missing `target` gets the new set, or the
 * old one back if the new is gone; a lone `.new` folder is an unfinished write and is removed.
 */
export function recoverSwaps(target: string): void {
  const parent = dirname(target);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const stems = new Map<string, Set<TempName['kind']>>();
  for (const name of names) {
    const temp = parseTempName(name);
    if (!temp || temp.kind === 'tmp' || temp.target !== basename(target) || isOwnerAlive(temp)) continue;
    const kinds = stems.get(temp.stem) ?? new Set();
    stems.set(temp.stem, kinds.add(temp.kind));
  }
  for (const [stem, kinds] of stems) {
    const fresh = join(parent, `${stem}.new`);
    const aside = join(parent, `${stem}.old`);
    if (kinds.has('old') && !exists(target)) quietly(() => renameSync(kinds.has('new') ? fresh : aside, target));
    quietly(() => rmSync(aside, { recursive: true, force: true }));
    quietly(() => rmSync(fresh, { recursive: true, force: true }));
  }
}

function exists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Another process may be recovering the same swap: what it already moved is not an error here. */
function quietly(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
}
