// `npm run bench [name ...]`: runs every bench/*.bench.ts (or the named ones), each in a fresh
// Node process through jiti, one after another so they do not compete for the 2 cores.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !wanted.length || wanted.some((w) => f === w || f === `${w}.bench.ts`))
  .sort();
if (!files.length) {
  console.error(`No benchmark matches ${wanted.join(', ')}. Available: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'run-one.cjs'), join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
