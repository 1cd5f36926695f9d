import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIR = (name: string) => name.startsWith('.') || name === 'node_modules';

/**
 * Files anywhere under `dir` whose path (relative, '/'-separated) `keep` accepts, sorted, as
 * absolute paths; none when `dir` does not exist. Hidden entries and node_modules are neither
 * listed nor walked, and a folder that vanishes during the walk (another process's temporary
 * files) is passed over rather than ending the walk with nothing.
 */
export function filesUnder(dir: string, keep: (relativePath: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(relative ? join(dir, relative) : dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw e;
    }
    for (const entry of entries) {
      if (SKIPPED_DIR(entry.name)) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const kind = entry.isSymbolicLink() ? linkKind(join(dir, path)) : entry;
      if (kind?.isDirectory()) walk(path);
      else if (kind?.isFile() && keep(path)) found.push(path);
    }
  };
  walk('');
  return found.sort().map((n) => join(dir, n));
}

function linkKind(path: string): { isFile(): boolean; isDirectory(): boolean } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
