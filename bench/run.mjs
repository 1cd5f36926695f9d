// `npm run bench [name ...]`: runs every bench/*.bench.{ts,mjs,js} (or the named ones), each in a
// fresh Node process (TypeScript through jiti), one after another so they do not compete for cores.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = /\.bench\.(ts|mjs|js)$/;
const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => BENCH.test(f))
  .filter((f) => !wanted.length || wanted.some((w) => f === w || f.replace(BENCH, '') === w))
  .sort();
if (!files.length) {
  console.error(
    `No benchmark matches ${wanted.join(', ')}. Available: ${readdirSync(here)
      .filter((f) => BENCH.test(f))
      .join(', ')}`,
  );
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const args = file.endsWith('.ts') ? [join(here, 'run-one.cjs'), join(here, file)] : [join(here, file)];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
