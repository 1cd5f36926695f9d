// The data explorer on a 200,000-row CSV through the real table worker: first rows (cold thread,
// warm thread with a new file), a page deep in the file, a sorted page, the column statistics, and
// the longest stall of the calling thread's event loop while the worker sorts.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TableWorker } from '../src-main/services/table-worker';
import { REPS, fmt, repeat, writeResult, type Stat } from './lib/measure';

const ROWS = 200_000;
const dir = mkdtempSync(join(tmpdir(), 'pw-preview-bench-'));
const path = join(dir, 'big.csv');
const lines = ['id,label,value,flag,day'];
for (let i = 0; i < ROWS; i++)
  lines.push(
    `${i},item ${i},${i % 10 === 0 ? '' : ((i * 7919) % 100_003) / 100},${i % 3 === 0},2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
  );
writeFileSync(path, `${lines.join('\n')}\n`);
const file = { format: 'csv' as const, path, options: {} };
const q = (extra: object = {}) => ({ dataset: 'big', offset: 0, limit: 100, ...extra });
let touch = 0;
/** A new modification time: the worker's index and caches of the file no longer apply. */
const fresh = () => utimesSync(path, new Date(), new Date(Date.now() + ++touch * 1000));
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

async function main(): Promise<void> {
  const figures: Record<string, Stat> = {};
  figures['first rows, new thread'] = await repeat(REPS, async () => {
    const w = new TableWorker();
    fresh();
    const ms = await time(() => w.page(file, q()));
    w.close();
    return ms;
  });
  // A built app starts the bundled worker (out/main/table-worker.js, `npm run build:worker`).
  const bundle = join(__dirname, '..', 'out', 'main', 'table-worker.js');
  if (existsSync(bundle))
    figures['first rows, new bundled thread'] = await repeat(REPS, async () => {
      const b = new TableWorker(bundle);
      fresh();
      const ms = await time(() => b.page(file, q()));
      b.close();
      return ms;
    });
  const w = new TableWorker();
  await w.page(file, q());
  figures['first rows, warm thread'] = await repeat(REPS, async () => {
    fresh();
    return time(() => w.page(file, q()));
  });
  figures['page at row 150,000'] = await repeat(REPS, () => time(() => w.page(file, q({ offset: 150_000 }))));
  let stall = 0;
  figures['sorted page (new sort)'] = await repeat(REPS, async () => {
    fresh();
    await w.page(file, q());
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const ms = await time(() => w.page(file, q({ sort: { column: 'value', desc: true } })));
    h.disable();
    stall = Math.max(stall, h.max / 1e6);
    return ms;
  });
  figures['column statistics'] = await repeat(REPS, async () => {
    fresh();
    await w.page(file, q());
    return time(() => w.stats(file, 'big'));
  });
  w.close();
  // The same sorts on the calling thread (no worker): how long its event loop stalls then.
  const here = new TableWorker(null);
  let stallHere = 0;
  figures['sorted page, no worker'] = await repeat(REPS, async () => {
    fresh();
    await here.page(file, q());
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const ms = await time(() => here.page(file, q({ sort: { column: 'value', desc: true } })));
    h.disable();
    stallHere = Math.max(stallHere, h.max / 1e6);
    return ms;
  });
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(28)} ${fmt(v)}`);
  console.log(
    `  longest event-loop stall of the caller while sorting: ${stall.toFixed(1)} ms (no worker: ${stallHere.toFixed(1)} ms)`,
  );
  writeResult('preview', { ...figures, callerStallMaxMs: stall, callerStallNoWorkerMaxMs: stallHere });
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
