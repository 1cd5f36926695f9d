// Fingerprints: how fast content is hashed (GB/s, goal ≥ 1), what fingerprinting costs a run, and
// what `run --changed` saves on the spaceflights example (goal: nothing changed < 10 % of a full
// run; one namespaced parameter changed runs only that branch). Runs go through startRun in this
// process, with a real history, as the CLI's do minus the process start. "Nothing changed" is
// answered from the stat manifest after the first such run; "planned" removes it before each run.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { hashBytes, hashPath } from '../src-main/fingerprint';
import { STAT_MANIFEST } from '../src-main/fingerprint/stat-manifest';
import { openHistory, type History } from '../src-main/history';
import { startRun, type RunRequest } from '../src-main/services/run-request';
import { REPS, fmt, repeat, stat, writeResult } from './lib/measure';

const REPO = join(__dirname, '..');
const MB = 1 << 20;

function copySpaceflights(parent: string): string {
  const dir = join(parent, 'spaceflights');
  const tracked = execFileSync('git', ['ls-files', '-z', 'examples/spaceflights'], { cwd: REPO })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of tracked) {
    const target = join(dir, relative('examples/spaceflights', file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(REPO, file), target);
  }
  return dir;
}

async function timedRun(history: History, request: RunRequest, fingerprints = true) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await startRun(request, {
    record: (meta) => history.recorder(meta),
    fingerprints: fingerprints ? history.fingerprints : undefined,
  });
  if (outcome.status !== 'success') throw new Error(`run ${outcome.status}: ${outcome.error?.message}`);
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - t,
    // CPU time (all threads of this process): far less sensitive than wall time to other load.
    cpuMs: (used.user + used.system) / 1000,
    nodes: outcome.nodes.filter((n) => n.status === 'done').length,
  };
}

export async function run(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'pw-bench-fp-'));
  try {
    // Hashing: a file read from the page cache, and bytes in memory.
    const size = 256 * MB;
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4096) bytes[i] = i & 255;
    const file = join(tmp, 'big.bin');
    writeFileSync(file, bytes);
    readFileSync(file); // into the page cache
    const fileMs = await repeat(REPS, async () => {
      const t = performance.now();
      await hashPath(file);
      return performance.now() - t;
    });
    const memMs = await repeat(REPS, async () => {
      const t = performance.now();
      await hashBytes(bytes);
      return performance.now() - t;
    });
    const gbps = (ms: number) => size / 1e9 / (ms / 1000);

    // Spaceflights: full runs without and with fingerprints, --changed with nothing changed, one parameter.
    const dir = copySpaceflights(tmp);
    const history = openHistory(dir);
    const request: RunRequest = { projectRoot: dir };
    await timedRun(history, request); // warms jiti's cache and the history
    const plain = await repeat(REPS, async () => (await timedRun(history, request, false)).ms);
    const fullCpu: number[] = [];
    const full = await repeat(REPS, async () => {
      const r = await timedRun(history, request);
      fullCpu.push(r.cpuMs);
      return r.ms;
    });
    const unchangedCpu: number[] = [];
    const unchanged = await repeat(REPS, async () => {
      const r = await timedRun(history, { ...request, changed: true });
      if (r.nodes) throw new Error(`--changed with nothing changed ran ${r.nodes} node(s)`);
      unchangedCpu.push(r.cpuMs);
      return r.ms;
    });
    // The same with the plan made from the project each time (no stat manifest: the first
    // --changed run after a run that changed something).
    const plannedCpu: number[] = [];
    const planned = await repeat(REPS, async () => {
      rmSync(join(dir, STAT_MANIFEST), { force: true });
      const r = await timedRun(history, { ...request, changed: true });
      if (r.nodes) throw new Error(`--changed with nothing changed ran ${r.nodes} node(s)`);
      plannedCpu.push(r.cpuMs);
      return r.ms;
    });
    // The first sample of each is the warm-up run.
    const fullCpuStat = stat(fullCpu.slice(1));
    const unchangedCpuStat = stat(unchangedCpu.slice(1));
    const cpuRatio = unchangedCpuStat.median / fullCpuStat.median;
    const plannedCpuStat = stat(plannedCpu.slice(1));
    const params = join(dir, 'conf/base/parameters.yml');
    writeFileSync(params, readFileSync(params, 'utf8').replace('random_state: 8', 'random_state: 9'));
    const oneParam = await timedRun(history, { ...request, changed: true });
    history.close();

    const share = (full.median - plain.median) / full.median;
    const ratio = unchanged.median / full.median;
    console.log(`fingerprint: hashing and run --changed (median of ${REPS}, min–max)`);
    console.log(`  hash a 256 MB file      ${fmt(fileMs)}  = ${gbps(fileMs.median).toFixed(2)} GB/s (goal ≥ 1)`);
    console.log(`  hash 256 MB in memory   ${fmt(memMs)}  = ${gbps(memMs.median).toFixed(2)} GB/s`);
    console.log(`  spaceflights, recorded          ${fmt(plain)}`);
    console.log(
      `  spaceflights, and fingerprinted     ${fmt(full)}  (fingerprinting ${(share * 100).toFixed(1)} % of the run)`,
    );
    console.log(
      `  --changed, nothing changed      ${fmt(unchanged)}  = ${(ratio * 100).toFixed(1)} % of a full run (goal < 10 %)`,
    );
    console.log(
      `  CPU time: full run ${fmt(fullCpuStat)}, --changed ${fmt(unchangedCpuStat)} = ${(cpuRatio * 100).toFixed(1)} %`,
    );
    console.log(
      `  --changed, planned from the project  ${fmt(planned)} = ${((planned.median / full.median) * 100).toFixed(1)} %, CPU ${fmt(plannedCpuStat)} = ${((plannedCpuStat.median / fullCpuStat.median) * 100).toFixed(1)} %`,
    );
    console.log(`  --changed, one namespace's parameter: ${oneParam.nodes} of 9 nodes ran (goal: 3, that branch)`);
    writeResult('fingerprint', {
      hashFileGBps: gbps(fileMs.median),
      hashMemoryGBps: gbps(memMs.median),
      hashFileMs: fileMs,
      runPlainMs: plain,
      runFingerprintedMs: full,
      fingerprintShare: share,
      changedNothingMs: unchanged,
      changedNothingRatio: ratio,
      runFingerprintedCpuMs: fullCpuStat,
      changedNothingCpuMs: unchangedCpuStat,
      changedNothingCpuRatio: cpuRatio,
      changedPlannedMs: planned,
      changedPlannedCpuMs: plannedCpuStat,
      changedOneParamNodes: oneParam.nodes,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
