// Per-node cost of a whole `pipewright run` (a real CLI process, its log on stderr and its run
// history included): a chain of BIG identity nodes minus a chain of SMALL, over BIG − SMALL; beside
// it, the floors under that figure: the engine alone in a fresh process, and run() alone once warm.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SequentialRunner } from '../src-main/engine';
import { loadProject } from '../src-main/project/load-project';
import { REPS, fmt, stat, writeResult, type Stat } from './lib/measure';

/** `BENCH_CLI_BIN` measures another checkout's CLI with this bench (an A/B against the main branch). */
const BIN = process.env.BENCH_CLI_BIN ?? join(__dirname, '..', 'bin', 'pipewright');
const SMALL = 4;
const BIG = Number(process.env.BENCH_CLI_NODES ?? 3000);
/**
 * Runs of each chain recorded before the measured ones (`BENCH_CLI_HISTORY_RUNS`, default 0): a
 * project used for a while has a history of many runs, and what recording costs may grow with it.
 */
const HISTORY_RUNS = Number(process.env.BENCH_CLI_HISTORY_RUNS ?? 0);
/** GNU time, when installed: the CPU time of each run beside its wall time (steadier on a shared machine). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** Log lines a chain node writes at INFO: loading, running, saving, completed node, completed n of N. */
const LINES_PER_NODE = 5;

/** A project whose __default__ pipeline is a chain of `n` identity nodes fed by a parameter. */
export function chainProject(parent: string, n: number): string {
  const dir = join(parent, `chain${n}`);
  mkdirSync(join(dir, 'conf', 'base'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'base', 'catalog.yml'), '{}\n');
  writeFileSync(join(dir, 'conf', 'base', 'parameters.yml'), 'x: 1\n');
  writeFileSync(
    join(dir, 'src', 'pipeline_registry.ts'),
    [
      "import { node, pipeline } from 'pipewright';",
      'const identity = <T>(x: T): T => x;',
      `export const registerPipelines = () => ({ __default__: pipeline(Array.from({ length: ${n} }, (_, i) =>`,
      "  node(identity, i === 0 ? 'params:x' : `d${i}`, `d${i + 1}`, { name: `n${i}` }))) });",
      '',
    ].join('\n'),
  );
  return dir;
}

interface CliRun {
  ms: number;
  /** User + system CPU time of the process (NaN without GNU time). */
  cpuMs: number;
  stderrLines: number;
}

/** `./bin/pipewright run` on `dir`, stderr read through a pipe (as a terminal or a log collector would). */
function cliRun(dir: string): Promise<CliRun> {
  const timeFile = join(dir, '..', 'time.txt');
  const command = [process.execPath, BIN, 'run', '--project', dir];
  if (TIME) command.unshift(TIME, '-f', '%U %S', '-o', timeFile);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let lines = 0;
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      tail = (tail + text).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pipewright run --project ${dir} exited with ${code}:\n${tail}`));
      else {
        const ms = performance.now() - start;
        const [user, sys] = TIME
          ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number)
          : [NaN, NaN];
        resolve({ ms, cpuMs: (user + sys) * 1000, stderrLines: lines });
      }
    });
  });
}

/** bench/lib/engine-only-run.ts on `dir` in a fresh process: ms from loading the project to the run's end. */
function engineOnlyRun(dir: string): Promise<number> {
  const args = [join(__dirname, 'run-one.cjs'), join(__dirname, 'lib', 'engine-only-run.ts'), dir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`engine-only run of ${dir} exited with ${code}`)),
    );
  });
}

/**
 * The floors under the CLI's per-node figure, same chains: the engine alone (project loaded, then
 * SequentialRunner.run with nothing listening) in a fresh process each time, interleaved; and
 * run() alone in this process once warm (after 5 runs), as the "run() alone" figure.
 */
async function engineFloors(
  small: string,
  big: string,
  reps: number,
): Promise<{ coldUsPerNode: Stat; warmUsPerNode: Stat }> {
  const cold: number[] = [];
  await engineOnlyRun(small);
  await engineOnlyRun(big);
  for (let i = 0; i < reps; i++) {
    const s = await engineOnlyRun(small);
    const b = await engineOnlyRun(big);
    cold.push(((b - s) * 1000) / (BIG - SMALL));
  }
  const project = await loadProject(big);
  const pipeline = project.pipelines.__default__;
  const warm: number[] = [];
  for (let i = 0; i < 5 + reps; i++) {
    const catalog = project.createCatalog();
    const start = performance.now();
    await new SequentialRunner().run(pipeline, catalog);
    if (i >= 5) warm.push(((performance.now() - start) * 1000) / BIG);
  }
  return { coldUsPerNode: stat(cold), warmUsPerNode: stat(warm) };
}

/** The newest run of the project's history: its status and what it recorded. */
function lastRecorded(dir: string): {
  status: string;
  nodesDone: number;
  logs: number;
  io: number;
  fingerprints: number;
} {
  const db = new Database(join(dir, '.pipewright', 'history.db'), { readonly: true });
  try {
    const run = db
      .prepare('SELECT id, status, nodes_done AS nodesDone FROM runs ORDER BY started_at DESC LIMIT 1')
      .get() as { id: string; status: string; nodesDone: number };
    // Lines are stored a batch per row (schema 7): the count is the sum of the batches'.
    const logs = (
      db.prepare('SELECT coalesce(sum(line_count), 0) AS n FROM run_log_chunks WHERE run_id = ?').get(run.id) as {
        n: number;
      }
    ).n;
    const io = (db.prepare('SELECT count(*) AS n FROM dataset_io WHERE run_id = ?').get(run.id) as { n: number }).n;
    const fingerprints = (
      db.prepare('SELECT count(*) AS n FROM run_nodes WHERE run_id = ? AND fingerprint IS NOT NULL').get(run.id) as {
        n: number;
      }
    ).n;
    return { status: run.status, nodesDone: run.nodesDone, logs, io, fingerprints };
  } finally {
    db.close();
  }
}

export async function run(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'pw-bench-cli-'));
  try {
    const small = chainProject(parent, SMALL);
    const big = chainProject(parent, BIG);
    // One unmeasured run each: jiti's transpile cache, the history file and its schema.
    await cliRun(small);
    await cliRun(big);
    for (let i = 0; i < HISTORY_RUNS; i++) {
      await cliRun(small);
      await cliRun(big);
    }
    const reps = Math.max(REPS, 7);
    const smallMs: number[] = [];
    const bigMs: number[] = [];
    const perNodeUs: number[] = [];
    const smallCpu: number[] = [];
    const bigCpu: number[] = [];
    let bigLines = 0;
    // Interleaved, so drift in the machine's load touches both sizes alike.
    for (let i = 0; i < reps; i++) {
      const s = await cliRun(small);
      const b = await cliRun(big);
      smallMs.push(s.ms);
      bigMs.push(b.ms);
      smallCpu.push(s.cpuMs);
      bigCpu.push(b.cpuMs);
      perNodeUs.push(((b.ms - s.ms) * 1000) / (BIG - SMALL));
      bigLines = b.stderrLines;
    }
    const recorded = lastRecorded(big);
    const complete =
      bigLines >= BIG * LINES_PER_NODE &&
      recorded.status === 'success' &&
      recorded.nodesDone === BIG &&
      recorded.fingerprints === BIG &&
      recorded.logs >= BIG * LINES_PER_NODE;
    if (!complete)
      throw new Error(`the chain${BIG} run lost output: ${bigLines} stderr lines, history ${JSON.stringify(recorded)}`);
    const floors = await engineFloors(small, big, reps);
    const small_ = stat(smallMs);
    const big_ = stat(bigMs);
    const perNode = (a: number, b: number) => ((b - a) * 1000) / (BIG - SMALL);
    const smallCpu_ = stat(smallCpu);
    const bigCpu_ = stat(bigCpu);
    const figures = {
      nodes: { small: SMALL, big: BIG },
      earlierRuns: 1 + HISTORY_RUNS,
      smallMs: small_,
      bigMs: big_,
      // Difference of the medians, and the median of each interleaved pair's difference.
      usPerNode: { median: perNode(small_.median, big_.median) },
      usPerNodePairs: stat(perNodeUs),
      smallCpuMs: smallCpu_,
      bigCpuMs: bigCpu_,
      cpuUsPerNode: { median: perNode(smallCpu_.median, bigCpu_.median) },
      bigRun: { stderrLines: bigLines, history: recorded },
      engineOnlyColdUsPerNode: floors.coldUsPerNode,
      runWarmUsPerNode: floors.warmUsPerNode,
    };
    console.log(
      `cli_run: whole \`pipewright run\`, chain${SMALL} vs chain${BIG} (median of ${reps}, min–max; ${1 + HISTORY_RUNS} earlier runs of each in the history)`,
    );
    console.log(`  chain${SMALL}        ${fmt(small_)}`);
    console.log(`  chain${BIG}     ${fmt(big_)}`);
    console.log(
      `  per node        ${figures.usPerNode.median.toFixed(1)} µs (median of pairs ${fmt(figures.usPerNodePairs, 'µs')})`,
    );
    if (TIME)
      console.log(
        `  CPU time        chain${SMALL} ${fmt(smallCpu_)}, chain${BIG} ${fmt(bigCpu_)}: ${figures.cpuUsPerNode.median.toFixed(1)} µs per node`,
      );
    console.log(
      `  chain${BIG}: ${bigLines} stderr lines; history: ${recorded.logs} log lines, ${recorded.io} loads/saves, ${recorded.nodesDone} nodes done, ${recorded.fingerprints} with a fingerprint`,
    );
    console.log(
      `  floors          the engine alone, fresh process: ${fmt(floors.coldUsPerNode, 'µs')} per node; run() alone, warm: ${fmt(floors.warmUsPerNode, 'µs')} per node`,
    );
    writeResult('cli_run', figures);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
