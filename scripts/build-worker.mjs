// Builds the worker bundle, out/main/worker.js: the one worker file the CLI, the tests and the
// app run (electron.vite.config.ts calls buildWorker too, so `npm run build` ships it). Run by
// `npm install` (prepare), `npm test` (before test:unit) and `npm run bench`; `npm run build:worker` by hand.
// Beside it, worker-inputs.json lists every source file that went in (size and mtime), so that a
// run from a source checkout notices an edited source and starts workers through jiti instead.
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { runBuildScript } from './build-script.mjs';

/** The table datasets' file-format libraries: large, required where a dataset first reads or writes. */
export const TABLE_LIBRARIES = [
  'exceljs',
  'apache-arrow',
  'arquero',
  '@uwdata/flechette',
  'hyparquet',
  'hyparquet-writer',
];
// Required on first use rather than when the worker starts: native code (only SQLTableDataset and
// the history use it), zod (only schemas need it), and BullMQ with its Redis client (2 MB with
// their dependencies, which only a DistributedRunner's coordinator uses: never a pool worker).
const LAZY = new Set(['better-sqlite3', 'zod', 'bullmq', 'ioredis']);
// Never inlined: the LAZY packages and the table libraries.
const NOT_INLINED = new Set([...LAZY, ...TABLE_LIBRARIES]);
// Named exports of LAZY packages that the bundled code imports (`import { z } from 'zod'`): stand-ins
// too, so the package is read when first used. A name missing here fails the build.
const LAZY_NAMED = { zod: ['z'], bullmq: ['Queue', 'QueueEvents', 'UnrecoverableError', 'Worker'] };
export const INPUTS_FILE = 'worker-inputs.json';

/** Bundles src-main/workers/worker-main.ts of `root` into `outFile`; returns its size in bytes. */
export async function buildWorker({ root, outFile = join(root, 'out', 'main', 'worker.js') }) {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({
    input: join(root, 'src-main', 'workers', 'worker-main.ts'),
    cwd: root,
    platform: 'node',
    logLevel: 'silent',
    external: (id) => id.startsWith('node:') || builtinModules.includes(id) || (NOT_INLINED.has(id) && !LAZY.has(id)),
    plugins: [lazyExternals(), jitiCoreInside(root)],
  });
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  try {
    const { output } = await bundle.write({
      file: tmp,
      format: 'cjs',
      codeSplitting: false,
      // Every worker reads and compiles the whole file as it starts: no doc comments, and only
      // ASCII, so V8 holds the source as one byte per character rather than two.
      comments: { legal: true, annotation: false, jsdoc: false },
      charset: 'ascii',
    });
    renameSync(tmp, outFile);
    writeInputs(root, join(dirname(outFile), INPUTS_FILE), output[0].moduleIds);
  } finally {
    await bundle.close();
  }
  await buildTableWorker(root, join(dirname(outFile), 'table-worker.js'));
  return statSync(outFile).size;
}

/** The data explorer's thread (src-main/services/table-worker-main.ts), which a built app starts from out/main. */
async function buildTableWorker(root, outFile) {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({
    input: join(root, 'src-main', 'services', 'table-worker-main.ts'),
    cwd: root,
    platform: 'node',
    logLevel: 'silent',
    // better-sqlite3 loads native code: required from node_modules where a SQLite table is read.
    external: (id) => id.startsWith('node:') || builtinModules.includes(id) || id === 'better-sqlite3',
  });
  try {
    await bundle.write({ file: outFile, format: 'cjs', codeSplitting: false });
  } finally {
    await bundle.close();
  }
}

/** Lists the source files (size and mtime) that went into a bundle, for the staleness check of its runner. */
export function writeInputs(root, inputsFile, moduleIds) {
  const inputs = [...new Set(moduleIds)]
    .filter((id) => isAbsolute(id))
    .map((id) => {
      const st = statSync(id);
      return [relative(root, id).split(sep).join('/'), st.size, st.mtimeMs];
    });
  writeFileSync(inputsFile, `${JSON.stringify({ inputs })}\n`);
}

/**
 * jiti's core (dist/jiti.cjs) goes in, so it is read and compiled with the rest (and from the
 * code cache). Its public entry stays outside and finds the inlined core in Node's module cache:
 * the entry's `import()` (for ES modules) must be compiled by Node, which a script run from a
 * code cache is not. Both paths are resolved when the worker starts, so the bundle can move.
 */
function jitiCoreInside(root) {
  const VIRTUAL = '\0pipewright-jiti';
  const entry = createRequire(join(root, 'package.json')).resolve('jiti');
  const core = join(dirname(entry), '..', 'dist', 'jiti.cjs');
  return {
    name: 'pipewright-jiti-core-inside',
    resolveId: (id) => (id === 'jiti' ? VIRTUAL : null),
    load(id) {
      if (id !== VIRTUAL) return null;
      return `import core from ${JSON.stringify(core)};
import { Module, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const load = createRequire(__filename);
const entry = load.resolve('jiti');
const corePath = join(dirname(entry), '..', 'dist', 'jiti.cjs');
if (!load.cache[corePath]) {
  const m = new Module(corePath);
  m.filename = corePath;
  m.loaded = true;
  m.exports = core;
  load.cache[corePath] = m;
}
const jiti = load(entry);
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
    resolveId(id, importer) {
      if (!LAZY.has(id)) return null;
      return importer?.startsWith(PREFIX) ? { id, external: true } : PREFIX + id;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const pkg = JSON.stringify(id.slice(PREFIX.length));
      return `let real;
const load = () => (real ??= require(${pkg}));
const standIn = (real) => new Proxy(function lazyExport() {}, {
  construct: (_, args) => Reflect.construct(real(), args),
  apply: (_, self, args) => Reflect.apply(real(), self, args),
  get: (_, key) => Reflect.get(real(), key),
  has: (_, key) => key in real(),
});
export default standIn(load);
${(LAZY_NAMED[id.slice(PREFIX.length)] ?? []).map((name) => `export const ${name} = standIn(() => load()[${JSON.stringify(name)}]);`).join('\n')}
`;
    },
  };
}

runBuildScript(import.meta.url, 'worker bundle', async (root, outFile) => ({
  size: await buildWorker({ root, outFile }),
  file: outFile ?? join(root, 'out', 'main', 'worker.js'),
}));
