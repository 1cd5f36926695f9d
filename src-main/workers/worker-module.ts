// Which file a worker runs: the worker bundle the build made (scripts/build-worker.mjs,
// out/main/worker.js) through bundle-loader.cjs with a V8 code cache in the user's cache folder;
// else the jiti bootstrap, which compiles the TypeScript sources as the worker starts. Nothing
// is bundled here at run time. From a source checkout the bundle is used only while every file
// that went into it is unchanged (worker-inputs.json, written by the build).
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { staleInput } from '../bundle-inputs.cjs';
import { privateCacheDir } from '../cache-dir.cjs';
import { WORKER_BOOTSTRAP, type SpawnOptions } from './spawners';

const OWN_ROOT = resolve(__dirname, '..', '..');
const LOADER = join(__dirname, 'bundle-loader.cjs');
/** Written by scripts/build-worker.mjs beside the bundle. */
export const INPUTS_FILE = 'worker-inputs.json';

/** The built bundle, and whether this file runs from the sources (not from a build of the app). */
function builtWorker(): { bundle: string; fromSources: boolean } {
  const fromSources = existsSync(join(__dirname, 'worker-main.ts'));
  // Built into the app's main bundle, this code sits in out/main beside worker.js.
  return {
    bundle: fromSources ? join(OWN_ROOT, 'out', 'main', 'worker.js') : join(__dirname, 'worker.js'),
    fromSources,
  };
}

/** Where bundle-loader.cjs keeps the V8 code cache of this very bundle file and Node version. */
function codeCacheFile(bundle: string): string | undefined {
  const dir = privateCacheDir('worker');
  if (!dir) return undefined;
  const st = statSync(bundle);
  const key = createHash('sha256')
    .update(`${bundle}\0${st.size}\0${st.mtimeMs}\0${st.ino}\0${process.version}\0${process.arch}`)
    .digest('hex')
    .slice(0, 16);
  return join(dir, `worker-${key}.v8cache`);
}

function choose(): SpawnOptions {
  const bootstrap = { modulePath: WORKER_BOOTSTRAP };
  if (process.env.PIPEWRIGHT_WORKER_BUNDLE === '0') return bootstrap;
  const { bundle, fromSources } = builtWorker();
  if (!fromSources) return { modulePath: bundle };
  if (!existsSync(bundle)) return bootstrap;
  const stale = staleInput(join(bundle, '..', INPUTS_FILE), OWN_ROOT);
  if (stale) {
    if (process.env.PIPEWRIGHT_DEBUG) {
      process.stderr.write(
        `pipewright: out/main/worker.js is out of date (${stale}); workers start through jiti until \`npm run build:worker\`.\n`,
      );
    }
    return bootstrap;
  }
  const cache = codeCacheFile(bundle);
  return { modulePath: LOADER, args: cache ? [bundle, cache] : [bundle] };
}

/** How pools started by the runners run workers: the built bundle when current, else the jiti bootstrap. */
export function workerModule(): Promise<SpawnOptions> {
  return Promise.resolve().then(choose);
}
