// What the bundle scripts do when run as a command (`node scripts/build-worker.mjs [--out PATH]`):
// build, say what was built, and skip quietly where rolldown (a dev dependency) is not installed.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs `build(root, out)` if the script at `scriptUrl` is the one node was started with. `what`
 * names the bundle in messages; `build` resolves to the bundle's main file and its size in bytes.
 */
export function runBuildScript(scriptUrl, what, build) {
  if (!process.argv[1] || scriptUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  const root = resolve(dirname(fileURLToPath(scriptUrl)), '..');
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : undefined;
  (async () => {
    try {
      await import('rolldown');
    } catch {
      // A production install has no dev dependencies: the sources then load through jiti.
      console.warn(`pipewright: rolldown (a dev dependency) is not installed; the ${what} is not built.`);
      return;
    }
    const started = performance.now();
    const { file, size } = await build(root, out);
    console.log(
      `pipewright: built ${relative(process.cwd(), file)} (${(size / 1e6).toFixed(2)} MB, ${Math.round(performance.now() - started)} ms)`,
    );
  })().catch((err) => {
    console.error(`pipewright: building the ${what} failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
