// Prints the runner benchmarks beside Kedro 1.5's figures (../shared/reference/kedro-bench.md)
// as a markdown table, from bench/results/*.json: `node bench/report.mjs`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
const load = (name) =>
  existsSync(join(dir, `${name}.json`))
    ? JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).figures
    : undefined;
const m = (s) => s?.median;
const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const rows = [];
const row = (workload, kedro, ours, unit, target, better = 'lower') => {
  let ratio = '—';
  if (ours !== undefined && !Number.isNaN(kedro)) {
    const r = better === 'lower' ? kedro / ours : ours / kedro;
    ratio = r >= 1 ? `${f(r, r < 10 ? 2 : 0)}× better` : `${f(1 / r, 2)}× worse`;
  }
  rows.push(
    `| ${workload} | ${f(kedro, kedro < 10 ? 2 : 0)} ${unit} | ${f(ours, ours < 10 ? 2 : 1)} ${unit} | ${ratio} | ${target} |`,
  );
};

const seq = load('sequential') ?? {};
const us = (k) => m(seq[k]?.usPerNode);
for (const [n, k] of [
  [100, 594],
  [300, 747],
  [1000, 1498],
  [3000, 4177],
])
  row(`chain${n}, per node (listener)`, k, us(`chain${n}_listener`), 'µs', n === 1000 ? '≤ 30 µs' : '');
row('chain10000, per node (listener)', NaN, us('chain10000_listener'), 'µs', '');
for (const [n, k] of [
  [100, 676],
  [300, 1028],
  [1000, 2780],
  [3000, 8642],
])
  row(`wide${n}, per node (listener)`, k, us(`wide${n}_listener`), 'µs', n === 3000 ? '≤ 30 µs, flat' : '');
row('wide10000, per node (listener)', NaN, us('wide10000_listener'), 'µs', '≤ 30 µs, flat');
row('chain1000, per node (quiet)', 1406, us('chain1000_quiet'), 'µs', '');
row('wide1000, per node (quiet)', 2627, us('wide1000_quiet'), 'µs', '');

const cpu = load('cpu_wide');
if (cpu) {
  row('cpu_wide speed-up, ParallelRunner(2)', 1.67, m(cpu.speedupParallel), '×', '≥ 1.85', 'higher');
  row('cpu_wide speed-up, ThreadRunner(2)', 0.97, m(cpu.speedupThread), '×', '≥ 1.85', 'higher');
}
const io = load('io_wide');
if (io) {
  row('io_wide, SequentialRunner', 1621, m(io.sequentialMs), 'ms', '');
  row('io_wide, ThreadRunner(4), pool started by the run', 413, m(io.thread4ColdMs), 'ms', '');
  row('io_wide, ThreadRunner(16), pool started by the run', 116, m(io.thread16ColdMs), 'ms', '≤ 110 ms');
  row(
    'io_wide, ThreadRunner(16), run() as the CLI calls it (workers started with the host)',
    116,
    m(io.thread16CliRunMs),
    'ms',
    '',
  );
  row('io_wide, ThreadRunner(16), warm pool (the app)', 116, m(io.thread16WarmMs), 'ms', '≤ 110 ms');
  row('io_wide floor: 1 bare Node worker thread awaiting 100 ms', 116, m(io.bareThread1Wait100Ms), 'ms', '');
}
const aio = load('async_io');
if (aio) {
  row('async_io, sync', 1608, m(aio.sequentialSyncMs), 'ms', '');
  row('async_io, async', 404, m(aio.sequentialAsyncMs), 'ms', '≤ 220 ms');
  row('async_io, ThreadRunner async (warm)', 404, m(aio.threadAsyncWarmMs), 'ms', '≤ 220 ms');
}
const tr = load('parallel_transfer');
if (tr) {
  row(
    '100 MiB typed array, ParallelRunner, producer end → consumer start',
    728,
    m(tr.parallel2_float64Ms),
    'ms',
    '≤ 105 ms (≥ 1 GB/s)',
  );
  row('100 MiB Buffer, ParallelRunner', 453, m(tr.parallel2_bufferMs), 'ms', '≤ 105 ms (≥ 1 GB/s)');
  row('100 MiB typed array, ThreadRunner', NaN, m(tr.thread2_float64Ms), 'ms', '');
  row('100 MiB typed array, SequentialRunner (MemoryDataset copies)', 242, m(tr.sequential_float64Ms), 'ms', '');
}
const st = load('parallel_startup');
if (st) {
  row('parallel_startup, ParallelRunner(2), cold pool', 166, m(st.parallel2ColdMs), 'ms', '≤ 100 ms');
  row('parallel_startup, ParallelRunner(2), run() as the CLI calls it', 166, m(st.parallel2CliRunMs), 'ms', '≤ 100 ms');
  row('parallel_startup, ThreadRunner(2), cold pool', 3.9, m(st.thread2ColdMs), 'ms', '');
  row('parallel_startup, ParallelRunner, warm pool: run()', 166, m(st.parallel2WarmMs), 'ms', '');
  row('warm pool: one node dispatched and back', NaN, m(st.warmNodeRoundTripMs), 'ms', '< 5 ms');
}
console.log('| workload | Kedro 1.5 | Pipewright | ratio | target |\n|---|---:|---:|---:|---|');
console.log(rows.join('\n'));
