import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RecentProject } from '../../src-shared/api-types';

const MAX_RECENT = 10;

/** The recent projects, newest first, in <dataDir>/recent-projects.json. */
export class RecentStore {
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (p): p is RecentProject =>
          typeof p?.root === 'string' && typeof p?.name === 'string' && typeof p?.openedAt === 'number',
      );
    } catch {
      // A missing or damaged file only means no recent projects.
      return [];
    }
  }

  add(root: string, openedAt = Date.now()): RecentProject[] {
    const next = [{ root, name: basename(root), openedAt }, ...this.list().filter((p) => p.root !== root)].slice(
      0,
      MAX_RECENT,
    );
    mkdirSync(this.dataDir, { recursive: true });
    // Write then rename, so a crash never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, this.file);
    return next;
  }
}
