import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { GraphLayouts } from '../../src-main/services/graph-layout';

/** Temp project roots and host layout services for a test file, removed and closed after each test. */
export function layoutHosts(prefix: string) {
  const dirs: string[] = [];
  const layouts: GraphLayouts[] = [];
  afterEach(() => {
    for (const l of layouts.splice(0)) l.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    root(): string {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    /** `file`: the layout thread's code (null: the layout runs in place); default, the real thread. */
    service(file?: string | null): GraphLayouts {
      const l = file === undefined ? new GraphLayouts() : new GraphLayouts(file);
      layouts.push(l);
      return l;
    },
  };
}
