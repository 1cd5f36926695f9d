// What a `pipewright run` thread loads before its first node: the worker bundle (through the
// loader, with its code cache) and what the run needs, not the packages only some runs use. A
// project's TypeScript still loads with an empty transpile cache (jiti then reads its compiler),
// and once cached the compiler is never read.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker } from '../../scripts/build-worker.mjs';
import { staleInput } from '../../src-main/bundle-inputs.cjs';
import { looksLikeThreadRun } from '../../src-main/cli/early-run-thread';
import { INPUTS_FILE } from '../../src-main/workers/worker-module';
import { REPO, pipewright, writeProject } from './cli-helpers';

const scratch = mkdtempSync(join(tmpdir(), 'pw-run-thread-start-'));
const LOADER = join(REPO, 'src-main', 'workers', 'bundle-loader.cjs');

/** One node that writes the files its thread has loaded (the CommonJS module cache) to PW_LOADED. */
const REPORTING = {
  'conf/base/catalog.yml': '{}\n',
  'conf/base/parameters.yml': 'x: 1\n',
  'src/pipeline_registry.ts': [
    "import { writeFileSync } from 'node:fs';",
    "import Module from 'node:module';",
    "import { node, pipeline } from 'pipewright';",
    'const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;',
    'const report = (x: number): number => {',
    "  writeFileSync(process.env.PW_LOADED as string, Object.keys(cache).join('\\n'));",
    '  return x;',
    '};',
    "export const registerPipelines = () => ({ __default__: pipeline([node(report, 'params:x', 'y', { name: 'report' })]) });",
    '',
  ].join('\n'),
};

beforeAll(async () => {
  // What `npm install` and `npm test` do first; built again only if a source changed since, so
  // that this file does not rewrite the bundle under another test file's runs.
  if (staleInput(join(REPO, 'out', 'main', INPUTS_FILE), REPO)) await buildWorker({ root: REPO });
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the project with its own (at first empty) cache folder; the files the run's thread had loaded. */
async function runLoading(project: string, cacheHome: string): Promise<string[]> {
  const loaded = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const result = await pipewright(['run', '--project', project], {
    env: { XDG_CACHE_HOME: cacheHome, PW_LOADED: loaded },
  });
  expect(result.stderr).toContain('Completed 1 out of 1 tasks');
  expect(result.code).toBe(0);
  return readFileSync(loaded, 'utf8').split('\n');
}

const inPackage = (files: string[], pkg: string) => files.filter((f) => f.includes(`/node_modules/${pkg}/`));

describe("a run's thread at start", () => {
  it('runs the bundle, and reads neither zod, BullMQ, its Redis client nor (once cached) the TypeScript compiler', async () => {
    const project = writeProject(REPORTING);
    const cacheHome = mkdtempSync(join(scratch, 'cache-'));
    try {
      // First run, empty transpile cache: the registry is compiled, with jiti's compiler.
      const first = await runLoading(project, cacheHome);
      expect(first).toContain(LOADER);
      expect(first).toContain(join(project, 'src', 'pipeline_registry.ts'));
      expect(inPackage(first, 'jiti').some((f) => f.endsWith('babel.cjs'))).toBe(true);

      const second = await runLoading(project, cacheHome);
      expect(second).toContain(LOADER);
      expect(second).toContain(join(project, 'src', 'pipeline_registry.ts'));
      expect(inPackage(second, 'jiti').filter((f) => f.endsWith('babel.cjs'))).toEqual([]);
      for (const pkg of ['zod', 'bullmq', 'ioredis']) expect(inPackage(second, pkg), pkg).toEqual([]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the code cache of a run's thread", () => {
  it('is written by the first run, even one whose project fails to load at once', async () => {
    const project = writeProject({
      ...REPORTING,
      'src/pipeline_registry.ts': "throw new Error('this registry does not load');\n",
    });
    const cacheHome = mkdtempSync(join(scratch, 'cache-'));
    try {
      const result = await pipewright(['run', '--project', project], { env: { XDG_CACHE_HOME: cacheHome } });
      expect(result.stderr).toContain('this registry does not load');
      expect(result.code).toBe(2);
      const caches = readdirSync(join(cacheHome, 'pipewright', 'worker')).filter((f) => f.endsWith('.v8cache'));
      expect(caches).toHaveLength(1);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('looksLikeThreadRun: which commands start their run thread before the CLI has loaded', () => {
  it('a run with SequentialRunner (the default) and the default memory limit', () => {
    expect(looksLikeThreadRun(['run'])).toBe(true);
    expect(looksLikeThreadRun(['run', '--project', 'p', '--pipeline', 'x', '--params', 'a=1'])).toBe(true);
    expect(looksLikeThreadRun(['run', '--runner', 'SequentialRunner'])).toBe(true);
    expect(looksLikeThreadRun(['run', '--runner=SequentialRunner'])).toBe(true);
  });

  it('not another command, another runner, a resume (its runner is in the history), a memory limit, or help', () => {
    expect(looksLikeThreadRun(['list'])).toBe(false);
    expect(looksLikeThreadRun(['serve', 'run'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--parallel'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--runner', 'ThreadRunner'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--runner=src/runner.ts#Mine'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--resume', 'abc'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--max-worker-memory', '64'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--max-worker-memory=64'])).toBe(false);
    expect(looksLikeThreadRun(['run', '--help'])).toBe(false);
  });
});
