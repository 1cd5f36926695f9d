import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src-main/project/load-project';
import type { Project } from '../../src-main/project/types';

export interface Stat {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function stat(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], samples };
}

/** Runs `once` (which returns the figure it measured) `reps` times after `warmup` unmeasured runs. */
export async function repeat(reps: number, once: () => Promise<number>, warmup = 1): Promise<Stat> {
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(await once());
  return stat(samples);
}

export const REPS = Number(process.env.BENCH_REPS ?? 5);
export const now = () => performance.timeOrigin + performance.now();
export const fmt = (s: Stat, unit = 'ms', digits = 1) =>
  `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

const started = { at: new Date().toISOString(), loadavg: loadavg() };

/** Writes bench/results/<name>.json with the machine's conditions beside the figures. */
export function writeResult(name: string, figures: Record<string, unknown>): void {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const conditions = {
    started: started.at,
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model,
    loadavgBefore: started.loadavg,
    loadavgAfter: loadavg(),
    reps: REPS,
  };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ name, conditions, figures }, null, 2)}\n`);
  console.log(
    `  -> bench/results/${name}.json (load average before ${started.loadavg.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
}

export const BENCH_PROJECT = join(__dirname, '..', 'projects', 'runner-bench');
let project: Promise<Project> | undefined;
export function benchProject(): Promise<Project> {
  project ??= loadProject(BENCH_PROJECT);
  return project;
}

/** CPU seconds used by the whole machine and by this process with its reaped children (Linux). */
function cpuSnapshot(): { machine: number; ours: number } | undefined {
  try {
    const stat = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const busy = stat.reduce((a, b) => a + b, 0) - stat[3] - (stat[4] ?? 0);
    const self = readFileSync('/proc/self/stat', 'utf8');
    const f = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ours = f[11] + f[12] + f[13] + f[14]; // utime stime cutime cstime
    return { machine: busy / 100, ours: ours / 100 };
  } catch {
    return undefined;
  }
}

/** Tries per quiet sample (`BENCH_QUIET_ATTEMPTS`): on a machine that is never quiet, fewer save time. */
const QUIET_ATTEMPTS = Number(process.env.BENCH_QUIET_ATTEMPTS ?? 6);

export interface QuietSample {
  ms: number;
  /** CPU seconds other processes used during the run (Kedro's "bg CPU"). */
  backgroundCpuS: number;
  attempts: number;
}

/**
 * Runs `once` until other processes used at most `maxBgS` CPU seconds during it (at most
 * `attempts` tries), as the Kedro figures were taken; the sample says how busy the machine was.
 */
export async function quietRun(
  once: () => Promise<number>,
  maxBgS = 0.15,
  attempts = QUIET_ATTEMPTS,
): Promise<QuietSample> {
  let best: QuietSample | undefined;
  for (let i = 1; i <= attempts; i++) {
    const a = cpuSnapshot();
    const ms = await once();
    await new Promise((r) => setTimeout(r, 50)); // let killed worker processes be reaped
    const b = cpuSnapshot();
    // Worker threads count as ours; worker processes only once reaped, so allow for them below.
    const bg = a && b ? Math.max(0, b.machine - a.machine - (b.ours - a.ours)) : 0;
    const sample = { ms, backgroundCpuS: bg, attempts: i };
    if (!best || bg < best.backgroundCpuS) best = sample;
    if (bg <= maxBgS) return sample;
    await new Promise((r) => setTimeout(r, 2000));
  }
  return best!;
}

/**
 * A run of the bench project started as the CLI starts one (startRun: built-in runners start
 * their workers, which load the project, while the host loads it): `runMs` is from the moment
 * the host is ready to call run() (its project, catalog and runner built) to the outcome, the
 * figure comparable to Kedro's run(); `totalMs` includes the host's loading.
 */
export async function cliShapedRun(
  pipeline: string,
  runner: string,
  maxWorkers: number,
): Promise<{ runMs: number; totalMs: number }> {
  const { startRun } = await import('../../src-main/services/run-request');
  let preparedAt = 0;
  const start = performance.now();
  const outcome = await startRun(
    { projectRoot: BENCH_PROJECT, pipeline, runner, maxWorkers },
    { onPrepared: () => (preparedAt = performance.now()) },
  );
  const end = performance.now();
  if (outcome.status !== 'success')
    throw new Error(`${pipeline} under ${runner}: ${outcome.status} ${outcome.error?.message ?? ''}`);
  return { runMs: end - preparedAt, totalMs: end - start };
}

/** `cliShapedRun` `reps` times (after one unmeasured run): the medians of both figures. */
export async function repeatCliShaped(
  reps: number,
  pipeline: string,
  runner: string,
  maxWorkers: number,
): Promise<{ runMs: Stat; totalMs: Stat }> {
  await cliShapedRun(pipeline, runner, maxWorkers);
  const run: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < reps; i++) {
    const r = await cliShapedRun(pipeline, runner, maxWorkers);
    run.push(r.runMs);
    total.push(r.totalMs);
  }
  return { runMs: stat(run), totalMs: stat(total) };
}
