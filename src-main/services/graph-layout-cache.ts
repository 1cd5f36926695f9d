// Host layouts kept by key under the project's .pipewright/layouts/, so reopening a project (in
// the app or in `serve`) sends positions without laying the graph out again. Any failure to read
// or write just means no cache.
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphLayout } from '../../src-shared/api-types';

export const LAYOUTS_DIR = join('.pipewright', 'layouts');
/** Layouts kept per project; the oldest written go first. */
const KEEP = 30;
const SAFE_KEY = /^[0-9a-z-]+$/;

export async function readCachedLayout(root: string, key: string, nodes: number): Promise<GraphLayout | null> {
  if (!SAFE_KEY.test(key)) return null;
  try {
    const got = JSON.parse(await readFile(join(root, LAYOUTS_DIR, `${key}.json`), 'utf8')) as GraphLayout;
    const ok =
      got?.key === key && Array.isArray(got.xy) && got.xy.length === nodes * 2 && typeof got.edges === 'object';
    return ok ? got : null;
  } catch {
    return null;
  }
}

export async function writeCachedLayout(root: string, layout: GraphLayout): Promise<void> {
  if (!SAFE_KEY.test(layout.key)) return;
  const dir = join(root, LAYOUTS_DIR);
  try {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${layout.key}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(layout));
    await rename(tmp, join(dir, `${layout.key}.json`));
    await prune(dir);
  } catch {
    // A read-only project: layouts are computed each time.
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= KEEP) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, at: (await stat(join(dir, n))).mtimeMs })));
  aged.sort((a, b) => a.at - b.at);
  await Promise.all(aged.slice(0, aged.length - KEEP).map(({ n }) => unlink(join(dir, n)).catch(() => undefined)));
}
