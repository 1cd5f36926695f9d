// c of kedro-bench.md: 8 CPU-bound nodes of ~0.5 s, 2 workers; speed-up over sequential, pool start
// included, beside its floor: two bare worker threads / processes started by the measurement and
// running the same 8 busy loops, taken from one queue as the pool takes them.
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { RunEvent } from '../src-shared/run-events';
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { deferExtraCaCerts } from '../src-main/workers/extra-ca-certs';
import { busy } from './projects/runner-bench/src/busy';
import { REPS, benchProject, fmt, quietRun, stat, writeResult, type QuietSample } from './lib/measure';

const NODES = 8;
const WORKERS = 2;

interface Bare {
  post(n: number): void;
  /** Every message from the worker: first its 'ready', then one answer per number posted. */
  onMessage(handler: () => void): void;
  onExit(handler: () => void): void;
  stop(): void;
}

/**
 * `busy` in a bare worker: it says it is ready (a forked child drops messages that arrive before
 * it listens, so our pool waits for this too), then answers each number with busy(number).
 */
const bareCode = (port: string, send: string) =>
  `${busy.toString()}\nconst port = ${port};\nport.on('message', (n) => port.${send}(busy(n)));\nport.${send}('ready');`;

const bareThread = (): Bare => {
  const w = new Worker(bareCode(`require('node:worker_threads').parentPort`, 'postMessage'), { eval: true });
  return {
    post: (n) => w.postMessage(n),
    onMessage: (h) => w.on('message', h),
    onExit: (h) => w.on('exit', h),
    stop: () => void w.terminate(),
  };
};

const bareProcess = (): Bare => {
  // The environment our worker processes get (NODE_EXTRA_CA_CERTS deferred), so the floor starts alike.
  const child = spawn(process.execPath, ['-e', bareCode('process', 'send')], {
    env: deferExtraCaCerts(process.env),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    post: (n) => child.send(n),
    onMessage: (h) => child.on('message', h),
    onExit: (h) => child.on('exit', h),
    stop: () => void child.kill('SIGKILL'),
  };
};

/** When the floor's workers were ready (ms from the start), the slower of the two, per run. */
const bareReadyMs: Record<string, number[]> = { bareProcesses2: [], bareThreads2: [] };

/**
 * The floor: WORKERS bare workers started now, NODES busy(n) taken from one queue as each worker
 * becomes free; ms from the start to the last answer.
 */
function bareRun(kind: keyof typeof bareReadyMs, make: () => Bare, n: number) {
  return () =>
    new Promise<number>((resolve, reject) => {
      const start = performance.now();
      let sent = 0;
      let answered = 0;
      let ready = 0;
      let finished = false;
      const workers = Array.from({ length: WORKERS }, make);
      for (const w of workers) {
        let isReady = false;
        w.onMessage(() => {
          if (!isReady) {
            isReady = true;
            if (++ready === WORKERS) bareReadyMs[kind].push(performance.now() - start);
          } else if (++answered === NODES) {
            finished = true;
            const ms = performance.now() - start;
            workers.forEach((x) => x.stop());
            return resolve(ms);
          }
          if (sent < NODES) {
            w.post(n);
            sent++;
          }
        });
        w.onExit(() => finished || reject(new Error(`a bare worker (${kind}) exited before the last answer`)));
      }
    });
}

/** Where a pool run's time goes, from its events: start-up to the first node, computing, and after. */
interface Trace {
  totalMs: number;
  firstStartMs: number;
  lastEndToDoneMs: number;
  /** Per worker: the sum of its nodes' compute time, and its idle time between its first start and last end. */
  computeMs: Record<string, number>;
  gapsMs: Record<string, number>;
}

export async function run(): Promise<void> {
  const project = await benchProject();
  // The median of 5 probes of ~0.5 s (after one to warm up the JIT), so that nodes take ~0.5 s as
  // Kedro's did: the fastest probe would make them longer, and the speed-up look better.
  const probes: number[] = [];
  busy(10_000_000);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    busy(20_000_000);
    probes.push(((performance.now() - t) * 1e6) / 20_000_000);
  }
  const nsPerIter = stat(probes).median;
  const n = Math.round(500e6 / nsPerIter); // ~0.5 s per node here
  console.log(`cpu_wide: busy(${n}) ≈ 0.5 s (${nsPerIter.toFixed(2)} ns per iteration)`);
  const once = (make: () => AbstractRunner, onEvent?: (e: RunEvent) => void) => async () => {
    const catalog = project.createCatalog();
    for (let i = 0; i < NODES; i++) catalog.add(`n${i}`, new MemoryDataset({ data: n }));
    const start = performance.now();
    await make().run(project.pipelines.cpu_wide, catalog, {
      pipelineName: 'cpu_wide',
      project: project.ref(),
      onEvent,
    });
    return performance.now() - start;
  };
  const traced = async (make: () => AbstractRunner): Promise<Trace> => {
    const events: Array<{ e: RunEvent; t: number }> = [];
    const t0 = performance.now();
    const totalMs = await once(make, (e) => events.push({ e, t: performance.now() - t0 }))();
    const starts = events.filter((x) => x.e.type === 'node-start');
    const ends = events.filter((x) => x.e.type === 'node-end');
    const computeMs: Record<string, number> = {};
    const gapsMs: Record<string, number> = {};
    for (const { e, t } of ends) {
      if (e.type !== 'node-end') continue;
      computeMs[e.worker] = (computeMs[e.worker] ?? 0) + e.timings.computeMs;
      const first = starts.find((s) => s.e.type === 'node-start' && s.e.worker === e.worker)!.t;
      gapsMs[e.worker] = t - first; // span so far; the compute is taken off below
    }
    for (const w of Object.keys(gapsMs)) gapsMs[w] = Number((gapsMs[w] - computeMs[w]).toFixed(1));
    return {
      totalMs,
      firstStartMs: Math.min(...starts.map((s) => s.t)),
      lastEndToDoneMs: totalMs - Math.max(...ends.map((x) => x.t)),
      computeMs: Object.fromEntries(Object.entries(computeMs).map(([k, v]) => [k, Number(v.toFixed(1))])),
      gapsMs,
    };
  };
  // Interleaved, so that load from other processes hits the runners and their floors alike; the
  // speed-up is the sequential median over each one's median. Each run is retried while other
  // processes use the CPU (at most 0.15 s of theirs per run).
  const kinds = [
    ['sequential', once(() => new SequentialRunner())],
    ['parallel2', once(() => new ParallelRunner({ maxWorkers: WORKERS }))],
    ['bareProcesses2', bareRun('bareProcesses2', bareProcess, n)],
    ['thread2', once(() => new ThreadRunner({ maxWorkers: WORKERS }))],
    ['bareThreads2', bareRun('bareThreads2', bareThread, n)],
  ] as const;
  const all: Record<string, number[]> = Object.fromEntries(kinds.map(([k]) => [k, []]));
  const quietOnes: Record<string, number[]> = Object.fromEntries(kinds.map(([k]) => [k, []]));
  const background: QuietSample[] = [];
  for (const [, run] of kinds.slice(1)) await run(); // warm-up: the worker bundle, the OS's caches
  for (let r = 0; r < REPS; r++) {
    for (const [kind, run] of kinds) {
      if (process.env.BENCH_DEBUG) console.log(`  ${kind}...`);
      const sample = await quietRun(run);
      background.push(sample);
      all[kind].push(sample.ms);
      if (sample.backgroundCpuS <= 0.15) quietOnes[kind].push(sample.ms);
    }
    console.log(`  rep ${r + 1}: ${kinds.map(([k]) => `${k} ${all[k][r].toFixed(0)} ms`).join(', ')}`);
  }
  // Medians over the quiet runs when there are any (other processes used <= 0.15 CPU s), else all.
  const ms = Object.fromEntries(kinds.map(([k]) => [k, stat(quietOnes[k].length ? quietOnes[k] : all[k])]));
  const speedup = (k: string) => ({ median: ms.sequential.median / ms[k].median });
  const traces = {
    parallel2: await traced(() => new ParallelRunner({ maxWorkers: WORKERS })),
    thread2: await traced(() => new ThreadRunner({ maxWorkers: WORKERS })),
  };
  const figures = {
    iterations: n,
    nsPerIteration: nsPerIter,
    sequentialMs: ms.sequential,
    parallel2Ms: ms.parallel2,
    thread2Ms: ms.thread2,
    bareProcesses2Ms: ms.bareProcesses2,
    bareThreads2Ms: ms.bareThreads2,
    speedupParallel: speedup('parallel2'),
    speedupThread: speedup('thread2'),
    speedupBareProcesses: speedup('bareProcesses2'),
    speedupBareThreads: speedup('bareThreads2'),
    // One more run of each pool runner with a listener: where its time went; beside it, when the
    // floor's two workers were ready (median).
    traces,
    bareReadyMs: Object.fromEntries(Object.entries(bareReadyMs).map(([k, v]) => [k, stat(v)])),
    allRuns: all,
    quietRuns: Object.fromEntries(kinds.map(([k]) => [k, quietOnes[k].length])),
    backgroundCpuS: background.map((b) => Number(b.backgroundCpuS.toFixed(3))),
    attempts: background.map((b) => b.attempts),
  };
  const x = (k: string) => speedup(k).median.toFixed(2);
  console.log(`  SequentialRunner     ${fmt(ms.sequential)}`);
  console.log(
    `  ParallelRunner(2)    ${fmt(ms.parallel2)}  speed-up ${x('parallel2')}x | bare processes ${fmt(ms.bareProcesses2)} ${x('bareProcesses2')}x`,
  );
  console.log(
    `  ThreadRunner(2)      ${fmt(ms.thread2)}  speed-up ${x('thread2')}x | bare threads ${fmt(ms.bareThreads2)} ${x('bareThreads2')}x`,
  );
  for (const [k, t] of Object.entries(traces)) {
    console.log(
      `  ${k} traced: ${t.totalMs.toFixed(0)} ms; first node at ${t.firstStartMs.toFixed(0)} ms; compute per worker ${JSON.stringify(t.computeMs)}; idle between nodes ${JSON.stringify(t.gapsMs)}; last node end to done ${t.lastEndToDoneMs.toFixed(1)} ms`,
    );
  }
  console.log(
    `  bare workers ready after: processes ${fmt(stat(bareReadyMs.bareProcesses2))}, threads ${fmt(stat(bareReadyMs.bareThreads2))}`,
  );
  console.log(
    `  quiet runs (<= 0.15 s of other CPU): ${kinds.map(([k]) => `${k} ${quietOnes[k].length}/${REPS}`).join(', ')}`,
  );
  writeResult('cpu_wide', figures);
}
