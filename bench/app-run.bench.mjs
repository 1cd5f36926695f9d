#!/usr/bin/env node
// App run benchmark: a 1,000-node chain run from the app (`pipewright serve` in Chromium, the Run
// button) against the same run with `pipewright run`, each app run paired with a CLI run just
// before it (once serve has settled after the previous app run). Figures: the run's own time as the history
// records it (run-start to run-end), the app's click-to-"success" time, and the page's frame
// intervals during the run (goal: the app within 1.3× of the CLI, frames p95 < 50 ms).
// APP_BENCH_NODES sets the chain's length, APP_BENCH_TAB=timeline shows the live timeline instead of the log.
// Run on its own: `node bench/app-run.bench.mjs` (builds the renderer unless APP_BENCH_NO_BUILD,
// needs /usr/bin/chromium). Writes bench/results/app-run.json and prints medians.
// APP_BENCH_PROFILE=<dir>: also writes CPU profiles there, the serve process's (node --cpu-prof,
// written when it stops) and the page's during the last run (page.cpuprofile); open them in
// Chromium's DevTools or summarise them with `node bench/lib/profile-top.mjs <file>`.
// APP_BENCH_TRACE=<file>: a Chromium trace of the last run (every process: the page's style, layout,
// paint, its compositor, the GPU process), summarised with `node bench/lib/trace-top.mjs <file>`.
// Frame intervals depend on how busy the machine is; the page's own CPU time during the run
// (Chromium's thread-time metrics: its main thread, and its whole renderer process) does much less,
// so A/B comparisons on a loaded machine read those. The run's end as the page sees it: from the
// host's run-end event (its time stamp) to "success" in the page, and from the page's receipt of
// that event to "success". `serveMainCpuMs` / `serveCpuMs`: the serve process's CPU from the click to
// "success", its main thread alone and all its threads (Linux's /proc, 10 ms ticks).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchChromium, recordFrames, recordedFrames } from './lib/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'pipewright');
const RUNS = Number(process.env.BENCH_REPS ?? 5);
const PROFILE = process.env.APP_BENCH_PROFILE;
const TRACE = process.env.APP_BENCH_TRACE;
// Without V8's sampling profiler, which costs the page more than its own work.
const TRACE_CATEGORIES = ['devtools.timeline', 'toplevel', 'blink', 'cc', 'gpu', 'viz', 'v8'];
const NODES = Number(process.env.APP_BENCH_NODES ?? 1000);
/** The bottom panel's tab shown during the runs: `logs` (the app's default) or `timeline`. */
const TAB = process.env.APP_BENCH_TAB ?? 'logs';
/** How long after an app run the bench waits before the next pair's CLI run (then for serve to go quiet). */
const SETTLE_MS = Number(process.env.APP_BENCH_SETTLE_MS ?? 2500);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/** A project whose __default__ pipeline is a chain of NODES identity nodes (memory datasets). */
function chainProject() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-app-bench-'));
  mkdirSync(join(dir, 'conf', 'base'), { recursive: true });
  mkdirSync(join(dir, 'conf', 'local'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'base', 'parameters.yml'), 'x: 1\n');
  writeFileSync(join(dir, 'conf', 'base', 'catalog.yml'), '{}\n');
  writeFileSync(
    join(dir, 'src', 'pipeline_registry.ts'),
    `import { node, pipeline, type Pipeline } from 'pipewright';
const identity = (x: number): number => x;
export function registerPipelines(): Record<string, Pipeline> {
  const nodes = [node(identity, 'params:x', 'd0', { name: 'n0' })];
  for (let i = 1; i < ${NODES}; i++) nodes.push(node(identity, \`d\${i - 1}\`, \`d\${i}\`, { name: \`n\${i}\` }));
  return { __default__: pipeline(nodes) };
}
`,
  );
  return dir;
}

/**
 * CPU time (ms) of the serve process so far, all threads and its main thread alone, from /proc
 * (Linux; zeros elsewhere): what the host spends beside the run's own thread.
 */
function serveCpu(pid) {
  const ticks = (file) => {
    try {
      const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, at 100 ticks a second
    } catch {
      return 0;
    }
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

function historyRuns(dir) {
  const out = execFileSync(bin, ['runs', '--json', '--limit', '1000'], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(out).runs;
}

/** Chromium's page metrics (seconds; durations in thread time, see Performance.enable). */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * In the page, before its scripts: notes when the run-end event arrives (and the host's time stamp
 * on it) and when the header first says "success" (a DOM change, before it is painted).
 */
function watchRunEnd() {
  const state = { eventAt: 0, receivedAt: 0, shownAt: 0 };
  const now = () => performance.timeOrigin + performance.now();
  let observer = null;
  state.reset = () => {
    Object.assign(state, { eventAt: 0, receivedAt: 0, shownAt: 0 });
    observer?.disconnect();
    observer = new MutationObserver(() => {
      if (!state.receivedAt || document.querySelector('.run-status .badge')?.textContent?.trim() !== 'success') return;
      state.shownAt = now();
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  };
  window.__pwEnd = state;
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (m) => {
        const data = String(m.data);
        if (!data.includes('"run-end"')) return;
        // A message is a list of AppEvents, or (src-shared/event-wire.ts) of a run's events under its id.
        const events = [].concat(JSON.parse(data)).flatMap((e) => (Array.isArray(e.events) ? e.events : [e.event]));
        const end = events.find((e) => e?.type === 'run-end');
        if (end) Object.assign(state, { eventAt: end.at, receivedAt: now() });
      });
    }
  };
}

function serve(dir, dataDir) {
  const prof = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, bin, 'serve', '--project', dir, '--port', '0'], {
    cwd: root,
    env: { ...process.env, PIPEWRIGHT_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', (line) => ok(line.trim()));
    child.once('exit', (code) => fail(new Error(`pipewright serve exited with ${code}`)));
  });
  return { child, url };
}

if (!process.env.APP_BENCH_NO_BUILD)
  execFileSync(process.execPath, [join(root, 'test/e2e/build-renderer.mjs')], { cwd: root, stdio: 'inherit' });
const dir = chainProject();
if (PROFILE) mkdirSync(PROFILE, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'pw-app-bench-data-'));
const result = {
  nodes: NODES,
  tab: TAB,
  cliRunMs: [],
  appRunMs: [],
  appOverCliPairs: [],
  appClickToDoneMs: [],
  /** The first run after the project opened (not in the medians): the run thread started ahead of it or not. */
  firstClickToDoneMs: 0,
  frameP95Ms: [],
  frameMaxMs: [],
  /** Frames drawn from the click to "success": p95 of fewer than 20 is the run's worst frame or two. */
  frameCount: [],
  pageMainCpuMs: [],
  pageCpuMs: [],
  pageScriptMs: [],
  pageStyleLayoutMs: [],
  runEndToShownMs: [],
  pageEndToShownMs: [],
  /** The serve process's CPU from the click to "success": its main thread, and every thread (the run's too). */
  serveMainCpuMs: [],
  serveCpuMs: [],
};

/**
 * Waits until the serve process has settled after an app run (at least SETTLE_MS, then no CPU tick
 * for 300 ms, at most 10 s): the next run's thread loads a little after a run's end, and a CLI run
 * measured meanwhile would share the cores with it.
 */
async function serveSettled(pid) {
  await new Promise((ok) => setTimeout(ok, SETTLE_MS));
  const until = Date.now() + 10_000;
  let last = serveCpu(pid).all;
  let quietSince = Date.now();
  while (Date.now() < until && Date.now() - quietSince < 300) {
    await new Promise((ok) => setTimeout(ok, 50));
    const now = serveCpu(pid).all;
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}

/** A `pipewright run` of the project: the run's own time, as its history records it. */
function cliRun() {
  execFileSync(bin, ['run'], { cwd: dir, stdio: 'ignore' });
  const [run] = historyRuns(dir);
  return run.endedAt - run.startedAt;
}

const server = serve(dir, dataDir);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(watchRunEnd);
  await page.goto(await server.url);
  const perf = await page.context().newCDPSession(page);
  await perf.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.waitForFunction(() => window.__pwGraphReadyAt !== undefined, null, { timeout: 120_000 });
  if (TAB === 'timeline') await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.waitForTimeout(500);
  // Each app run beside a CLI run just before it: on a loaded machine the pairs see the same load.
  for (let i = 0; i < RUNS + 1; i++) {
    if (i > 0) await serveSettled(server.child.pid);
    const cliMs = i === 0 ? 0 : cliRun();
    const before = historyRuns(dir).length;
    await recordFrames(page);
    await page.evaluate(() => window.__pwEnd.reset());
    const before0 = await metrics(perf);
    const cdp = PROFILE && i === RUNS ? await page.context().newCDPSession(page) : undefined;
    if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    const tracing = TRACE && i === RUNS;
    if (tracing) await browser.startTracing(page, { path: TRACE, categories: TRACE_CATEGORIES });
    const cpu0 = serveCpu(server.child.pid);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('.run-status .badge')?.textContent?.trim() === 'running',
      null,
      { timeout: 120_000, polling: 'raf' },
    );
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="progress"]')?.textContent === `${n} of ${n} nodes` &&
        document.querySelector('.run-status .badge')?.textContent?.trim() === 'success',
      NODES,
      { timeout: 120_000, polling: 'raf' },
    );
    const clickToDone = Date.now() - t0;
    const cpu1 = serveCpu(server.child.pid);
    if (tracing) await browser.stopTracing();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(PROFILE, 'page.cpuprofile'), JSON.stringify(profile));
    }
    const frames = await recordedFrames(page);
    const after = await metrics(perf);
    const end = await page.evaluate(() => window.__pwEnd);
    let runs = historyRuns(dir);
    while (runs.length === before || !runs[0].endedAt) {
      await new Promise((ok) => setTimeout(ok, 100));
      runs = historyRuns(dir);
    }
    if (i === 0) {
      result.firstClickToDoneMs = clickToDone;
      continue; // the first run warms the page
    }
    result.cliRunMs.push(cliMs);
    result.appRunMs.push(runs[0].endedAt - runs[0].startedAt);
    result.appOverCliPairs.push(result.appRunMs.at(-1) / cliMs);
    result.appClickToDoneMs.push(clickToDone);
    result.frameP95Ms.push(p95(frames));
    result.frameMaxMs.push(Math.max(...frames));
    result.frameCount.push(frames.length);
    const used = (k) => (after[k] - before0[k]) * 1000;
    result.pageMainCpuMs.push(used('ThreadTime'));
    result.pageCpuMs.push(used('ProcessTime'));
    result.pageScriptMs.push(used('ScriptDuration'));
    result.pageStyleLayoutMs.push(used('LayoutDuration') + used('RecalcStyleDuration'));
    result.runEndToShownMs.push(end.shownAt - end.eventAt);
    result.pageEndToShownMs.push(end.shownAt - end.receivedAt);
    result.serveMainCpuMs.push(cpu1.main - cpu0.main);
    result.serveCpuMs.push(cpu1.all - cpu0.all);
  }
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await new Promise((ok) => (server.child.exitCode === null ? server.child.once('exit', ok) : ok()));
}

const summary = Object.fromEntries(
  Object.entries(result).map(([k, v]) => [k, Array.isArray(v) ? Math.round(median(v)) : v]),
);
summary.appOverCli = Number((summary.appRunMs / summary.cliRunMs).toFixed(2));
// The median of the pairs' ratios: the figure that holds on a loaded machine.
summary.appOverCliPairs = Number(median(result.appOverCliPairs).toFixed(2));
console.log(JSON.stringify(summary, null, 2));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'app-run.json'), JSON.stringify({ summary, samples: result }, null, 2));
rmSync(dir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });
