// Builds the CLI bundle, out/cli/: Pipewright's own code behind `./bin/pipewright` (the commands,
// the engine, the history) as CommonJS that Node loads without transpiling, main.js and a chunk
// per command's code. The packages in REQUIRED stay outside it, and so do the projects' own
// modules: they load through jiti as before, and their `'pipewright'` import gets the engine
// inside this bundle. Run by `npm install` (prepare), `npm test` (before test:unit), `npm run
// bench` and `npm run build`; `npm run build:cli` by hand. Beside it, cli-inputs.json lists every
// file that went in (size and mtime): bin/pipewright runs the bundle only while they are
// unchanged, else the sources through jiti.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { runBuildScript } from './build-script.mjs';
import { TABLE_LIBRARIES, writeInputs } from './build-worker.mjs';

export const CLI_INPUTS_FILE = 'cli-inputs.json';

/**
 * Packages required from node_modules at run time: native code, the project loader (jiti), and the
 * large ones only some commands or datasets need. The small pure-JS ones a command starts with
 * (commander, zod, the CSV parsers) go in, read and compiled with the rest.
 */
const REQUIRED = new Set([
  'better-sqlite3',
  'jiti',
  // required on first use by the sources too (config files): one copy, not one inside and one outside
  'yaml',
  'bullmq',
  'ioredis',
  ...TABLE_LIBRARIES,
]);
/** 'pkg' of 'pkg/sub/path', '@scope/pkg' of '@scope/pkg/sub'. */
const packageOf = (id) =>
  id
    .split('/')
    .slice(0, id.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Bundles src-main/cli/main.ts of `root` into `outDir`: main.js and the chunks it loads on demand
 * (each command's code, and the packages it requires, load only when that command runs). New
 * chunks go in first and main.js last, each by a rename; chunks of earlier builds stay a while for
 * a CLI that started before. Returns the bytes written.
 */
export async function buildCli({ root, outDir = join(root, 'out', 'cli') }) {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({
    input: { main: join(root, 'src-main', 'cli', 'main.ts') },
    cwd: root,
    platform: 'node',
    logLevel: 'silent',
    external: (id) => id.startsWith('node:') || builtinModules.includes(id) || REQUIRED.has(packageOf(id)),
    plugins: [sourceDirnames(root, outDir)],
  });
  const tmp = join(outDir, `.build-${process.pid}`);
  let bytes = 0;
  try {
    const { output } = await bundle.write({
      dir: tmp,
      format: 'cjs',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
    });
    const chunks = output.filter((o) => o.type === 'chunk');
    writeInputs(
      root,
      join(outDir, CLI_INPUTS_FILE),
      chunks.flatMap((c) => c.moduleIds),
    );
    const names = chunks.map((c) => c.fileName).sort((a, b) => (a === 'main.js') - (b === 'main.js'));
    for (const name of names) {
      bytes += statSync(join(tmp, name)).size;
      renameSync(join(tmp, name), join(outDir, name));
    }
    removeOldChunks(outDir, new Set(names));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await bundle.close();
  }
  return bytes;
}

/** Chunks of earlier builds, once no CLI started before this build can still need them. */
function removeOldChunks(outDir, keep) {
  for (const name of readdirSync(outDir)) {
    if (keep.has(name) || !name.endsWith('.js')) continue;
    const file = join(outDir, name);
    if (Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
  }
}

/**
 * `__dirname` in a source module means that module's folder (package.json, the worker bundle,
 * the bootstrap files and the starters are found from it): inside the bundle it becomes that
 * folder relative to the bundle's, so the bundle behaves as the sources do and names no absolute path.
 */
function sourceDirnames(root, outDir) {
  const inside = root.endsWith(sep) ? root : root + sep;
  return {
    name: 'pipewright-source-dirnames',
    transform(code, id) {
      if (!id.startsWith(inside) || id.includes(`${sep}node_modules${sep}`) || !code.includes('__dirname')) return null;
      const rel = relative(outDir, dirname(id)).split(sep).join('/');
      return {
        code: code.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(rel)})`),
        map: null,
      };
    },
  };
}

runBuildScript(import.meta.url, 'CLI bundle', async (root, outDir) => ({
  size: await buildCli({ root, outDir }),
  file: join(outDir ?? join(root, 'out', 'cli'), 'main.js'),
}));
