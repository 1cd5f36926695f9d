import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach } from 'vitest';

export const REPO = resolve(__dirname, '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'projects');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pw-${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** A copy of a fixture project (test/fixtures/projects/<name>) or an example (examples/<name>). */
export function copyProject(from: 'fixture' | 'example', name: string): string {
  const dir = tempDir(name);
  const src = from === 'fixture' ? join(FIXTURES, name) : join(REPO, 'examples', name);
  cpSync(src, dir, {
    recursive: true,
    filter: (p) => !p.includes('.pipewright') && !p.includes('07_model_output') && !p.includes('06_models'),
  });
  return dir;
}

/** A project from a record of relative path → content. */
export function writeProject(files: Record<string, string>, into?: string): string {
  const dir = into ?? tempDir('project');
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

export const REGISTRY_ONE = [
  "import { node, pipeline } from 'pipewright';",
  'export function registerPipelines() {',
  "  return { one: pipeline([node((x: number) => x + 1, 'a', 'b', { name: 'inc' })]) };",
  '}',
].join('\n');
