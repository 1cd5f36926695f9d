import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Files anywhere under `dir` whose path (relative, '/'-separated) `keep` accepts, sorted, as
 * absolute paths; none when `dir` does not exist. Hidden entries and node_modules are skipped.
 */
export function filesUnder(dir: string, keep: (relativePath: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .map((n) => n.split(sep).join('/'))
    .filter((n) => !n.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .filter((n) => keep(n) && statSync(join(dir, n)).isFile())
    .sort()
    .map((n) => join(dir, n));
}
