// Which file a worker runs. Through jiti (bootstrap.cjs) a worker spends ~150 ms compiling and
// resolving the engine's TypeScript before it can take a node; a bundle built once with rolldown
// (a dev dependency, via vite) and cached by the sources' sizes and times starts in about half the
// time, and a few tens of ms more with its pure-JS dependencies (jiti's core included) inlined.
// Without rolldown (or when the build fails) workers fall back to the jiti bootstrap.
import { createHash } from 'node:crypto';
import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WORKER_BOOTSTRAP, type SpawnOptions } from './spawners';

const OWN_ROOT = resolve(__dirname, '..', '..');
// Never inlined: native code; the bundler itself (only the engine side builds bundles: inlined,
// its ~8,000 lines would be read and cached by every worker); zod, 0.8 MB that only a project
// with pipeline files needs, required then.
const NOT_INLINED = new Set(['better-sqlite3', 'rolldown', 'zod']);
// Required on first use rather than when the worker starts: better-sqlite3's native module costs
// ~10 ms per worker here and only SQLTableDataset uses it.
const LAZY = new Set(['better-sqlite3']);
const SOURCES = ['src-main/engine', 'src-main/workers', 'src-main/project', 'src-main/datasets', 'src-shared'];
let pending: Promise<SpawnOptions> | undefined;
const LOADER = join(__dirname, 'bundle-loader.cjs');

function sourceKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|cjs|js)$/.test(entry.name)) {
        const st = statSync(p);
        hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
      }
    }
  };
  for (const s of SOURCES) walk(join(OWN_ROOT, s));
  const lock = join(OWN_ROOT, 'package-lock.json'); // inlined dependencies change with it
  if (existsSync(lock)) hash.update(`lock:${statSync(lock).mtimeMs}`);
  return hash.digest('hex').slice(0, 16);
}

async function build(): Promise<SpawnOptions> {
  const bundle = await buildBundle();
  return bundle ? { modulePath: LOADER, args: [bundle] } : { modulePath: WORKER_BOOTSTRAP };
}

async function buildBundle(): Promise<string | undefined> {
  if (process.env.PIPEWRIGHT_WORKER_BUNDLE === '0') return undefined;
  const entry = join(OWN_ROOT, 'src-main', 'workers', 'worker-main.ts');
  if (!existsSync(entry)) return undefined; // a packaged build passes its own worker file
  const dir = join(tmpdir(), 'pipewright-worker');
  const file = join(dir, `worker-${sourceKey()}.cjs`);
  if (existsSync(file)) return file;
  try {
    const { rolldown } = (await import('rolldown')) as typeof import('rolldown');
    const bundle = await rolldown({
      input: entry,
      platform: 'node',
      logLevel: 'silent',
      // Pure-JS dependencies go in too (one file to read, ~70 ms less per worker here).
      external: (id) => id.startsWith('node:') || (NOT_INLINED.has(id) && !LAZY.has(id)) || builtinModules.includes(id),
      plugins: [lazyExternals(), jitiCoreInside()],
    });
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // The bundle lives outside the install: let it require the install's node_modules.
    await bundle.write({ file: tmp, format: 'cjs', codeSplitting: false, banner: `module.paths.unshift(${JSON.stringify(join(OWN_ROOT, 'node_modules'))});` });
    await bundle.close();
    renameSync(tmp, file);
    removeStale(dir, file);
    return file;
  } catch {
    return undefined;
  }
}

/**
 * jiti's core (dist/jiti.cjs) goes in, under the code cache: 10–15 ms less per worker here. Its
 * public entry stays outside and finds the inlined core in Node's module cache: the entry's
 * `import()` (for ES modules) must be compiled by Node, which a script run from a code cache is not.
 */
function jitiCoreInside() {
  const VIRTUAL = '\0pipewright-jiti';
  const entry = createRequire(join(OWN_ROOT, 'package.json')).resolve('jiti');
  const core = join(dirname(entry), '..', 'dist', 'jiti.cjs');
  return {
    name: 'pipewright-jiti-core-inside',
    resolveId(id: string) {
      if (id === 'jiti') return VIRTUAL;
      if (id === entry) return { id, external: 'absolute' as const };
      return null;
    },
    load(id: string) {
      if (id !== VIRTUAL) return null;
      return `import core from ${JSON.stringify(core)};
import { Module, createRequire } from 'node:module';
const cache = createRequire(${JSON.stringify(core)}).cache;
if (!cache[${JSON.stringify(core)}]) {
  const m = new Module(${JSON.stringify(core)});
  m.filename = ${JSON.stringify(core)};
  m.loaded = true;
  m.exports = core;
  cache[${JSON.stringify(core)}] = m;
}
const jiti = require(${JSON.stringify(entry)});
export const createJiti = jiti.createJiti;
export default jiti;
`;
    },
  };
}

/**
 * `import X from 'pkg'` of a LAZY package becomes a stand-in that requires the package when it is
 * first constructed, called or read (`new Database(path)` in SQLTableDataset).
 */
function lazyExternals() {
  const PREFIX = '\0pipewright-lazy:';
  return {
    name: 'pipewright-lazy-externals',
    resolveId(id: string, importer?: string) {
      if (!LAZY.has(id)) return null;
      return importer?.startsWith(PREFIX) ? { id, external: true } : PREFIX + id;
    },
    load(id: string) {
      if (!id.startsWith(PREFIX)) return null;
      const pkg = JSON.stringify(id.slice(PREFIX.length));
      return `let real;
const load = () => (real ??= require(${pkg}));
export default new Proxy(function lazyExport() {}, {
  construct: (_, args) => Reflect.construct(load(), args),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  get: (_, key) => Reflect.get(load(), key),
  has: (_, key) => key in load(),
});
`;
    },
  };
}

// Bundles of older sources (and their code caches) an hour old or more: no run of today uses them.
function removeStale(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!p.startsWith(keep) && Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { force: true });
  }
}

/** How pools started by the runners run workers: the cached bundle (with its code cache), else the jiti bootstrap. */
export function workerModule(): Promise<SpawnOptions> {
  pending ??= build();
  return pending;
}
