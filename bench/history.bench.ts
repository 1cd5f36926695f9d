// The run history's two targets (issue 4): recording costs under 50 µs per node, and listing the
// newest 100 of 10,000 recorded runs, with their node counts, takes under 20 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataCatalog, MemoryDataset, SequentialRunner, newRunId, node, pipeline } from '../src-main/engine';
import { openHistory } from '../src-main/history';
import { REPS, fmt, stat, writeResult } from './lib/measure';

const NODES = Number(process.env.BENCH_HISTORY_NODES ?? 1000);
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 10_000);
const NODES_PER_LISTED_RUN = 20;
const LIST_REPS = 200;
const identity = <T>(x: T): T => x;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-history-'));
  try {
    const figures = { recording: await recording(dir), listing: listing(dir) };
    writeResult('history', figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A NODES-node chain on SequentialRunner: quiet, with a no-op listener, and recorded. */
async function recording(dir: string) {
  const history = openHistory(dir, { onError: (err) => console.error(`  recording failed: ${err.message}`) });
  const p = pipeline(Array.from({ length: NODES }, (_, i) => node(identity, `d${i}`, `d${i + 1}`, { name: `n${i}` })));
  const catalog = () => new DataCatalog({ d0: new MemoryDataset({ data: 1 }) });
  const modes = {
    quiet: async () => void (await new SequentialRunner().run(p, catalog())),
    listener: async () => void (await new SequentialRunner().run(p, catalog(), { onEvent: () => {} })),
    // From opening the recorder (which asks git for the commit) to its last write, all included.
    recorded: async () => {
      const runId = newRunId();
      const recorder = history.recorder({
        runId,
        projectRoot: dir,
        request: { pipeline: '__default__', runner: 'SequentialRunner' },
        env: 'local',
        parameters: {},
      });
      await new SequentialRunner().run(p, catalog(), { runId, onEvent: recorder.onEvent });
      recorder.close();
      if (!recorder.done) throw new Error('the recorder had not written everything when the run ended');
    },
  };
  // What the run leaves for later: copying its WAL pages into the file, once it has ended.
  const checkpointMs: number[] = [];
  const checkpoint = () => {
    const t = performance.now();
    history.checkpoint();
    checkpointMs.push(performance.now() - t);
  };
  const reps = Math.max(REPS, 7);
  const samples: Record<keyof typeof modes, number[]> = { quiet: [], listener: [], recorded: [] };
  // CPU time beside wall time: on a machine shared with other work, it moves less with the load.
  const cpu: Record<keyof typeof modes, number[]> = { quiet: [], listener: [], recorded: [] };
  for (const once of Object.values(modes)) await once(); // warm-up
  // Interleaved, so drift in the machine's load touches every mode alike.
  for (let i = 0; i < reps; i++) {
    for (const [mode, once] of Object.entries(modes) as Array<[keyof typeof modes, () => Promise<void>]>) {
      const c = process.cpuUsage();
      const t = performance.now();
      await once();
      samples[mode].push(((performance.now() - t) * 1000) / NODES);
      const used = process.cpuUsage(c);
      cpu[mode].push((used.user + used.system) / NODES);
      if (mode === 'recorded') checkpoint();
    }
  }
  const s = { quiet: stat(samples.quiet), listener: stat(samples.listener), recorded: stat(samples.recorded) };
  const overVsQuiet = s.recorded.median - s.quiet.median;
  const overVsListener = s.recorded.median - s.listener.median;
  const c = { quiet: stat(cpu.quiet), listener: stat(cpu.listener), recorded: stat(cpu.recorded) };
  const cpuOver = c.recorded.median - c.quiet.median;
  const db = new Database(history.file, { readonly: true });
  const perRun = db
    .prepare(
      `SELECT (SELECT coalesce(sum(line_count), 0) FROM run_log_chunks) AS logs, (SELECT count(*) FROM dataset_io) AS io, (SELECT count(*) FROM runs) AS runs`,
    )
    .get() as {
    logs: number;
    io: number;
    runs: number;
  };
  db.close();
  history.close();

  console.log(`recording: ${NODES}-node chain, SequentialRunner, µs per node (median of ${reps}, min–max)`);
  console.log(`  without listener  ${fmt(s.quiet, 'µs', 2)}`);
  console.log(`  no-op listener    ${fmt(s.listener, 'µs', 2)}`);
  console.log(`  recorded          ${fmt(s.recorded, 'µs', 2)}`);
  console.log(
    `  overhead          ${overVsQuiet.toFixed(2)} µs/node over no listener, ${overVsListener.toFixed(2)} µs/node over a no-op listener (target < 50)`,
  );
  console.log(
    `  process CPU time  ${c.quiet.median.toFixed(2)} / ${c.listener.median.toFixed(2)} / ${c.recorded.median.toFixed(2)} µs per node: overhead ${cpuOver.toFixed(2)} µs/node (all threads, V8 GC threads included)`,
  );
  const ckpt = stat(checkpointMs);
  console.log(
    `  checkpoint after  ${fmt(ckpt, 'ms', 2)} per run, once it has ended (${((ckpt.median * 1000) / NODES).toFixed(2)} µs/node)`,
  );
  console.log(
    `  rows per run      ${(perRun.logs / perRun.runs).toFixed(0)} log lines, ${(perRun.io / perRun.runs).toFixed(0)} dataset io`,
  );
  return {
    nodes: NODES,
    usPerNode: s,
    overheadUsPerNode: overVsQuiet,
    overheadOverListenerUsPerNode: overVsListener,
    cpuUsPerNode: c,
    cpuOverheadUsPerNode: cpuOver,
    checkpointAfterRunMs: ckpt,
    targetUsPerNode: 50,
    rowsPerRun: { logs: perRun.logs / perRun.runs, io: perRun.io / perRun.runs },
  };
}

/** RUNS runs of NODES_PER_LISTED_RUN nodes each, one in ten failed, then the newest 100 listed. */
function listing(dir: string) {
  const file = join(dir, 'listing.db');
  const history = openHistory(dir, { file });
  const fill = new Database(file);
  const t0 = performance.now();
  const insertRun =
    fill.prepare(`INSERT INTO runs (id, project_root, pipeline, runner, is_async, max_workers, filters, params, env, pid, hostname,
      started_at, ended_at, heartbeat_at, status, error, resume_from, node_count, nodes_done, nodes_failed)
    VALUES (?, ?, ?, 'SequentialRunner', 0, 1, '{}', '{"alpha":1}', 'local', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertNode =
    fill.prepare(`INSERT INTO run_nodes (run_id, name, seq, status, worker, started_at, ended_at, load_ms, compute_ms, save_ms, error)
    VALUES (?, ?, ?, ?, 'main', ?, ?, 0.1, 1, 0.1, ?)`);
  const start = Date.UTC(2025, 0, 1);
  fill.transaction(() => {
    for (let r = 0; r < RUNS; r++) {
      const id = new Date(start + r * 60_000).toISOString().replace(/:/g, '.');
      const at = start + r * 60_000;
      const failedAt = r % 10 === 3 ? 12 : -1;
      const done = failedAt < 0 ? NODES_PER_LISTED_RUN : failedAt;
      insertRun.run(
        id,
        dir,
        r % 3 ? '__default__' : 'etl',
        hostname(),
        at,
        at + 5000,
        at + 5000,
        failedAt < 0 ? 'success' : 'failed',
        failedAt < 0 ? null : '{"name":"Error","message":"boom"}',
        failedAt < 0 ? null : '["n11"]',
        NODES_PER_LISTED_RUN,
        done,
        failedAt < 0 ? 0 : 1,
      );
      for (let n = 0; n < NODES_PER_LISTED_RUN; n++) {
        const status = n < done ? 'done' : n === failedAt ? 'failed' : 'skipped';
        insertNode.run(
          id,
          `n${n}`,
          n,
          status,
          at + n,
          at + n + 1,
          status === 'failed' ? '{"name":"Error","message":"boom"}' : null,
        );
      }
    }
  })();
  fill.close();
  const fillMs = performance.now() - t0;

  const time = (filter: Parameters<typeof history.listRuns>[0]) => {
    for (let i = 0; i < 10; i++) history.listRuns(filter);
    const samples: number[] = [];
    for (let i = 0; i < LIST_REPS; i++) {
      const t = performance.now();
      const runs = history.listRuns(filter);
      samples.push(performance.now() - t);
      if (runs.length !== 100) throw new Error(`listed ${runs.length} runs, expected 100`);
    }
    return stat(samples);
  };
  const newest = time({ limit: 100 });
  const failed = time({ status: 'failed', limit: 100 });
  const pipelineOnly = time({ pipeline: 'etl', limit: 100 });
  const deepPage = time({ limit: 100, offset: 5000 });
  history.close();

  const slim = (s: ReturnType<typeof stat>) => ({ median: s.median, min: s.min, max: s.max, reps: s.samples.length });
  console.log(
    `listing: newest 100 of ${RUNS} runs (${NODES_PER_LISTED_RUN} nodes each, 1 in 10 failed), ms (median of ${LIST_REPS}, min–max)`,
  );
  console.log(`  newest 100        ${fmt(newest, 'ms', 3)} (target < 20)`);
  console.log(`  failed only       ${fmt(failed, 'ms', 3)}`);
  console.log(`  one pipeline      ${fmt(pipelineOnly, 'ms', 3)}`);
  console.log(`  offset 5000       ${fmt(deepPage, 'ms', 3)}`);
  console.log(`  (filling the file took ${(fillMs / 1000).toFixed(1)} s)`);
  return {
    runs: RUNS,
    nodesPerRun: NODES_PER_LISTED_RUN,
    newest100Ms: slim(newest),
    failed100Ms: slim(failed),
    pipeline100Ms: slim(pipelineOnly),
    offset5000Ms: slim(deepPage),
    targetMs: 20,
  };
}
