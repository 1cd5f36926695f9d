// The worker bundle is built by the build (scripts/build-worker.mjs), not when a run starts:
// runners' workers run it through bundle-loader.cjs with a V8 code cache in the user's private
// cache folder, the app runs the same file directly, and an edited source makes workers fall
// back to the jiti bootstrap instead of running old code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker } from '../../scripts/build-worker.mjs';
import { WorkerPool } from '../../src-main/engine/pool/worker-pool';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { threadSpawner, WORKER_BOOTSTRAP } from '../../src-main/workers/spawners';
import { staleInput } from '../../src-main/bundle-inputs.cjs';
import { INPUTS_FILE, workerModule } from '../../src-main/workers/worker-module';
import type { Probe } from '../fixtures/runner-projects/basic/src/nodes';
import { dataDir, runBasic } from '../runner/helpers';
import { waitFor } from '../wait-for';

const REPO = resolve(__dirname, '..', '..');
const BUNDLE = join(REPO, 'out', 'main', 'worker.js');
const LOADER = join(REPO, 'src-main', 'workers', 'bundle-loader.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'pw-worker-bundle-'));

/** Runs `fn` with these environment variables set (process.env is read when a worker is chosen). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  dataDir();
  await buildWorker({ root: REPO }); // what `npm install` and `npm test` do first
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the worker bundle built by the build', () => {
  it('is current after the build, holds no bundler, and names no folder of this checkout', () => {
    expect(staleBundleInput(BUNDLE, REPO)).toBeUndefined();
    const code = readFileSync(BUNDLE, 'utf8');
    expect(code).not.toMatch(/@rolldown\/binding|function rolldown\(/);
    expect(code).not.toContain(REPO);
  });

  it('leaves out what only some runs use: BullMQ and its Redis client are required where first used', () => {
    const inputs = (JSON.parse(readFileSync(join(BUNDLE, '..', INPUTS_FILE), 'utf8')) as { inputs: [string][] }).inputs;
    const files = inputs.map(([file]) => file);
    expect(files).toContain('src-main/distributed/bullmq-queue.ts');
    expect(files.filter((f) => /node_modules\/(bullmq|ioredis|zod|better-sqlite3)\//.test(f))).toEqual([]);
    const code = readFileSync(BUNDLE, 'utf8');
    for (const pkg of ['bullmq', 'ioredis', 'zod']) expect(code).toContain(`require(${JSON.stringify(pkg)})`);
    // Only ASCII: V8 keeps the source it compiles as one byte per character.
    expect([...code].filter((c) => c.charCodeAt(0) > 0x7f)).toEqual([]);
  });

  it('runner workers run it through the loader, with their code cache in the private cache folder', async () => {
    const cacheHome = join(scratch, 'cache');
    await withEnv({ XDG_CACHE_HOME: cacheHome }, async () => {
      const worker = await workerModule();
      expect(worker.modulePath).toBe(LOADER);
      expect(worker.args?.[0]).toBe(BUNDLE);
      const codeCache = worker.args?.[1] ?? '';
      expect(codeCache).toMatch(/^.*\/pipewright\/worker\/worker-[0-9a-f]{16}\.v8cache$/);
      expect(codeCache.startsWith(join(cacheHome, 'pipewright', 'worker'))).toBe(true);

      const ran = await runBasic(new ParallelRunner({ maxWorkers: 1 }), 'where', { x: 1 });
      expect(ran.error).toBeUndefined();
      expect((ran.result!.where_out as Probe).pid).not.toBe(process.pid);
      await waitFor('the worker to write its code cache', () => existsSync(codeCache));

      // The next worker starts from that cache: V8 accepts it, so the loader does not write it again.
      const written = statSync(codeCache);
      const again = await runBasic(new ParallelRunner({ maxWorkers: 1 }), 'where', { x: 1 });
      expect(again.error).toBeUndefined();
      const after = statSync(codeCache);
      expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    });
  });

  it('the app runs the same file directly: a worker thread on out/main/worker.js runs a node', async () => {
    const pool = new WorkerPool({ size: 1, spawn: threadSpawner({ modulePath: BUNDLE }) });
    try {
      const ran = await runBasic(new ThreadRunner({ pool }), 'where', { x: 2 });
      expect(ran.error).toBeUndefined();
      const probe = ran.result!.where_out as Probe;
      expect(probe.threadId).toBeGreaterThan(0);
      expect(probe.value).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('PIPEWRIGHT_WORKER_BUNDLE=0 starts workers through the jiti bootstrap', async () => {
    await withEnv({ PIPEWRIGHT_WORKER_BUNDLE: '0' }, async () => {
      expect(await workerModule()).toEqual({ modulePath: WORKER_BOOTSTRAP });
    });
  });
});

/** The first input of the bundle `bundle` that changed since its build (its inputs file lies beside it). */
const staleBundleInput = (bundle: string, root: string) => staleInput(join(bundle, '..', INPUTS_FILE), root);

describe('staleInput', () => {
  function fakeBuild() {
    const root = mkdtempSync(join(scratch, 'root-'));
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'out', 'main'), { recursive: true });
    const source = join(root, 'src', 'a.ts');
    writeFileSync(source, 'export const a = 1;\n');
    const bundle = join(root, 'out', 'main', 'worker.js');
    writeFileSync(bundle, 'exports.a = 1;\n');
    const st = { size: readFileSync(source).length, mtimeMs: 1_700_000_000_000 };
    utimesSync(source, st.mtimeMs / 1000, st.mtimeMs / 1000);
    writeFileSync(
      join(root, 'out', 'main', INPUTS_FILE),
      JSON.stringify({ inputs: [['src/a.ts', st.size, st.mtimeMs]] }),
    );
    return { root, source, bundle };
  }

  it('is undefined while every input is as built', () => {
    const { root, bundle } = fakeBuild();
    expect(staleBundleInput(bundle, root)).toBeUndefined();
  });

  it('names an input edited since (a new mtime or size) or gone', () => {
    let b = fakeBuild();
    utimesSync(b.source, new Date(), new Date());
    expect(staleBundleInput(b.bundle, b.root)).toBe('src/a.ts');
    b = fakeBuild();
    writeFileSync(b.source, 'export const a = 22;\n');
    utimesSync(b.source, 1_700_000_000, 1_700_000_000);
    expect(staleBundleInput(b.bundle, b.root)).toBe('src/a.ts');
    b = fakeBuild();
    rmSync(b.source);
    expect(staleBundleInput(b.bundle, b.root)).toBe('src/a.ts');
  });

  it('treats a bundle without its record of inputs as stale', () => {
    const { root, bundle } = fakeBuild();
    rmSync(join(root, 'out', 'main', INPUTS_FILE));
    expect(staleBundleInput(bundle, root)).toBe('no record of its inputs');
  });
});
