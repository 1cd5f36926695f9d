// DistributedRunner on BullMQ + Redis (issue 14): the dispatch cost per node on a 300-node chain
// over two `pipewright worker` processes, and cpu_wide (8 nodes of ~0.5 s) over two worker
// processes against SequentialRunner. A Redis server of our own on a unix socket; the workers are
// started once, as a user's are, so their start-up is not in the figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDataset, SequentialRunner, type AbstractRunner } from '../src-main/engine';
import { DistributedRunner } from '../src-main/distributed/distributed-runner';
import { loadProject } from '../src-main/project/load-project';
import Redis from 'ioredis';
import { busy } from './projects/runner-bench/src/busy';
import { REPS, fmt, quietRun, stat, writeResult } from './lib/measure';

const CHAIN = 300;
const NODES = 8;
const REPO = join(__dirname, '..');

const REGISTRY = `import { node, pipeline } from 'pipewright';
import { busy } from './busy';

const step = (x: number) => x + 1;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function registerPipelines() {
  return {
    chain: pipeline(range(${CHAIN}).map((i) => node(step, i ? 'd' + i : 'params:x', 'd' + (i + 1), { name: 'n' + i }))),
    cpu_wide: pipeline(range(${NODES}).map((i) => node(busy, 'n' + i, 'r' + i, { name: 'c' + i }))),
  };
}
`;

function benchProject(dir: string): string {
  const root = join(dir, 'project');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'conf', 'base'), { recursive: true });
  mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  writeFileSync(join(root, 'conf', 'base', 'parameters.yml'), 'x: 0\n');
  writeFileSync(join(root, 'src', 'pipeline_registry.ts'), REGISTRY);
  copyFileSync(join(__dirname, 'projects', 'runner-bench', 'src', 'busy.ts'), join(root, 'src', 'busy.ts'));
  return root;
}

/** CPU time a process has used so far (ms), from /proc: user and system. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function until(what: string, probe: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Node flags for the workers (`BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile them). */
const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

function startWorker(root: string, url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(REPO, 'bin', 'pipewright'), 'worker', '--project', root, '--queue', url],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  let started = false;
  // Read on (a full pipe would stall the worker) but keep only the start-up lines.
  child.stderr!.on('data', (d) => {
    if (!started) log += d;
  });
  return until('a worker', () => / worker \S+ of project /.test(log) || child.exitCode !== null).then(() => {
    if (child.exitCode !== null) throw new Error(`pipewright worker exited: ${log}`);
    started = true;
    return child;
  });
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-dist-'));
  const socket = join(dir, 'redis.sock');
  const url = `unix://${socket}`;
  const redis = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const workers: ChildProcess[] = [];
  try {
    await until('redis-server', () => existsSync(socket));
    const root = benchProject(dir);
    workers.push(...(await Promise.all([startWorker(root, url), startWorker(root, url)])));
    const project = await loadProject(root, { onWarning: () => {} });

    const once = (pipelineName: string, make: () => AbstractRunner, feed?: number) => async () => {
      const catalog = project.createCatalog();
      if (feed !== undefined) for (let i = 0; i < NODES; i++) catalog.add(`n${i}`, new MemoryDataset({ data: feed }));
      const start = performance.now();
      await make().run(project.pipelines[pipelineName], catalog, { pipelineName, project: project.ref() });
      return performance.now() - start;
    };
    const distributed = () => new DistributedRunner({ queue: url });

    // The chain: every node waits for the one before, so each costs a whole round trip.
    const chainKinds = [
      ['sequential', once('chain', () => new SequentialRunner())],
      ['distributed', once('chain', distributed)],
    ] as const;
    for (const [, f] of chainKinds) await f();
    const chainMs: Record<string, number[]> = { sequential: [], distributed: [] };
    for (let r = 0; r < REPS; r++) {
      for (const [k, f] of chainKinds) chainMs[k].push((await quietRun(f)).ms);
      console.log(`  chain rep ${r + 1}: ${chainKinds.map(([k]) => `${k} ${chainMs[k][r].toFixed(0)} ms`).join(', ')}`);
    }
    const perNode = (k: string) => stat(chainMs[k].map((ms) => ms / CHAIN));
    const overhead = stat(chainMs.distributed.map((ms, i) => (ms - chainMs.sequential[i]) / CHAIN));
    console.log(`distributed chain${CHAIN}: ${fmt(perNode('distributed'), 'ms per node')}`);
    console.log(
      `  sequential ${fmt(perNode('sequential'), 'ms per node')}; dispatch overhead ${fmt(overhead, 'ms per node')}`,
    );

    // What a chain node costs each process in CPU and Redis in commands: steadier than wall time
    // on a machine others use, and what a change to the dispatch path should move.
    const client = new Redis({ path: socket });
    await client.config('RESETSTAT');
    const pids = [...workers.map((w) => w.pid!), redis.pid!];
    const cpuBefore = pids.map(cpuMs);
    const ownBefore = process.cpuUsage();
    const CPU_RUNS = 3;
    for (let r = 0; r < CPU_RUNS; r++) await chainKinds[1][1]();
    const cpuAfter = pids.map(cpuMs);
    const own = process.cpuUsage(ownBefore);
    const stats = (await client.info('commandstats')) as string;
    client.disconnect();
    const nodes = CHAIN * CPU_RUNS;
    const commandsPerNode = [...stats.matchAll(/calls=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0) / nodes;
    const cpuPerNode = {
      workers: (cpuAfter[0] - cpuBefore[0] + cpuAfter[1] - cpuBefore[1]) / nodes,
      redis: (cpuAfter[2] - cpuBefore[2]) / nodes,
      coordinator: (own.user + own.system) / 1000 / nodes,
    };
    console.log(
      `  per chain node: ${commandsPerNode.toFixed(1)} Redis commands; CPU ${cpuPerNode.workers.toFixed(2)} ms in the workers, ${cpuPerNode.coordinator.toFixed(2)} ms in the coordinator, ${cpuPerNode.redis.toFixed(2)} ms in redis-server`,
    );

    if (process.env.BENCH_DIST_CHAIN_ONLY) {
      for (const m of stats.matchAll(/cmdstat_(\S+):calls=(\d+)/g))
        console.log(`    ${m[1]} ${(Number(m[2]) / nodes).toFixed(2)}`);
      writeResult('distributed-chain', {
        chainNodes: CHAIN,
        dispatchOverheadMsPerNode: overhead,
        chainRedisCommandsPerNode: commandsPerNode,
        chainCpuMsPerNode: cpuPerNode,
      });
      return;
    }
    // cpu_wide: ~0.5 s per node here, as in cpu-wide.bench.ts.
    const probes: number[] = [];
    busy(10_000_000);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      busy(20_000_000);
      probes.push(((performance.now() - t) * 1e6) / 20_000_000);
    }
    const n = Math.round(500e6 / stat(probes).median);
    const wideKinds = [
      ['sequential', once('cpu_wide', () => new SequentialRunner(), n)],
      ['distributed2', once('cpu_wide', distributed, n)],
    ] as const;
    await wideKinds[1][1]();
    const wideMs: Record<string, number[]> = { sequential: [], distributed2: [] };
    for (let r = 0; r < REPS; r++) {
      for (const [k, f] of wideKinds) wideMs[k].push((await quietRun(f)).ms);
      console.log(
        `  cpu_wide rep ${r + 1}: ${wideKinds.map(([k]) => `${k} ${wideMs[k][r].toFixed(0)} ms`).join(', ')}`,
      );
    }
    const speedup = stat(wideMs.sequential).median / stat(wideMs.distributed2).median;
    console.log(
      `distributed cpu_wide: sequential ${fmt(stat(wideMs.sequential))}, two worker processes ${fmt(stat(wideMs.distributed2))}, speed-up ${speedup.toFixed(2)}`,
    );
    writeResult('distributed', {
      chainNodes: CHAIN,
      chainMsPerNode: perNode('distributed'),
      sequentialChainMsPerNode: perNode('sequential'),
      dispatchOverheadMsPerNode: overhead,
      chainRedisCommandsPerNode: commandsPerNode,
      chainCpuMsPerNode: cpuPerNode,
      cpuWideIterations: n,
      cpuWideSequentialMs: stat(wideMs.sequential),
      cpuWideDistributed2Ms: stat(wideMs.distributed2),
      cpuWideSpeedup: speedup,
      allRuns: { chain: chainMs, cpuWide: wideMs },
    });
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    redis.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
