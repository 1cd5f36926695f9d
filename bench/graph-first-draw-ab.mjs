#!/usr/bin/env node
// The 10,000-node wide graph's first draw (as in graph-wide.bench.mjs) for two builds of the renderer,
// in interleaved pairs: one load of A, one of B, each in a new browser context of the same Chromium,
// against the same mock host (warm layout). On a shared machine the load moves every figure between
// minutes; pairs taken seconds apart share it, so the median of the pairs' differences says more
// than two separate medians.
// Run: `node bench/graph-first-draw-ab.mjs DIR_A DIR_B [PAIRS]` (DIR: a built renderer, e.g. out/renderer,
// or a folder another commit's `npm run build` wrote; PAIRS defaults to 10). Prints the medians of both
// and of the differences B − A; writes bench/results/graph-first-draw-ab.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/chromium.mjs';
import { generateWideGraph } from './graph-fixture.mjs';
import { startMockServer } from './graph-mock-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [dirA, dirB, pairsArg] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/graph-first-draw-ab.mjs DIR_A DIR_B [PAIRS]');
  process.exit(2);
}
const PAIRS = Number(pairsArg ?? 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const graph = generateWideGraph({ functions: 3333 });
const servers = [];
for (const dir of [dirA, dirB]) servers.push(await startMockServer({ rendererDir: resolve(dir), graph }));
// As graph-wide.bench.mjs: without Chromium's own omnibox popup pages (GRAPH_BENCH_OMNIBOX=1 keeps them).
const browser = await launchChromium(
  process.env.GRAPH_BENCH_OMNIBOX
    ? []
    : ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup'],
);

async function load(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
    return { process: get('ProcessTime'), thread: get('ThreadTime') };
  };
  const c0 = await cpu();
  await page.goto(url);
  await page.waitForFunction(() => window.__pwGraphReadyAt !== undefined, null, { timeout: 120_000 });
  const c1 = await cpu();
  const marks = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return { readyMs: window.__pwGraphReadyAt, arrivedMs: at('pw:graph-arrived'), layoutDoneMs: at('pw:layout-done') };
  });
  await context.close();
  return { ...marks, processCpuMs: c1.process - c0.process, mainThreadCpuMs: c1.thread - c0.thread };
}

await load(servers[0].url); // the browser's first window starts more than the page: not counted
const a = [];
const b = [];
for (let i = 0; i < PAIRS; i++) {
  a.push(await load(servers[0].url));
  b.push(await load(servers[1].url));
}
await browser.close();
for (const s of servers) await s.close();

const FIELDS = ['readyMs', 'arrivedMs', 'layoutDoneMs', 'processCpuMs', 'mainThreadCpuMs'];
const summary = (runs) => Object.fromEntries(FIELDS.map((f) => [f, median(runs.map((r) => r[f]))]));
const result = {
  pairs: PAIRS,
  a: { dir: dirA, ...summary(a) },
  b: { dir: dirB, ...summary(b) },
  differenceBminusA: Object.fromEntries(FIELDS.map((f) => [f, median(a.map((r, i) => b[i][f] - r[f]))])),
  bFasterInPairs: a.filter((r, i) => b[i].readyMs < r.readyMs).length,
  samples: { a, b },
  at: new Date().toISOString(),
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/graph-first-draw-ab.json'), `${JSON.stringify(result, null, 2)}\n`);
const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
for (const [name, s] of [
  ['A', result.a],
  ['B', result.b],
]) {
  console.log(
    `${name} ${s.dir}: first draw ${f(s.readyMs)} ms (graph arrived ${f(s.arrivedMs)}, laid out ${f(s.layoutDoneMs)}; page CPU ${f(s.processCpuMs)}, main thread CPU ${f(s.mainThreadCpuMs)})`,
  );
}
const d = result.differenceBminusA;
console.log(
  `B − A, median of ${PAIRS} pairs: first draw ${f(d.readyMs)} ms, graph arrived ${f(d.arrivedMs)}, page CPU ${f(d.processCpuMs)}, main thread CPU ${f(d.mainThreadCpuMs)}; B first in ${result.bFasterInPairs} of ${PAIRS} pairs`,
);
