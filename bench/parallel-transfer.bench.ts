// f of kedro-bench.md: 100 MiB passed between two nodes, producer end to consumer start; a 100 MiB
// table (two float64 columns) beside the typed array and the Buffer. ParallelRunner is measured
// twice: as it runs (the consumer lands on the worker that produced the value, which keeps it) and
// with the consumer sent to the other worker, so that the value really crosses processes.
// Floors, timed first and last: a plain 100 MiB copy into fresh memory (first-touch page faults
// included) and into memory already touched, and 100 MiB through a bare pipe between two processes.
// BENCH_ONLY=thread2,memcpy keeps only the rows whose name contains one of those words.
import { spawn } from 'node:child_process';
import { MemoryDataset, ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../src-main/engine';
import { WorkerPool, type Dispatch } from '../src-main/engine/pool/worker-pool';
import type { SpawnWorker } from '../src-main/engine/pool/types';
import { nodeLauncher } from '../src-main/workers/node-launcher';
import { REPS, benchProject, fmt, repeat, stat, writeResult, type Stat } from './lib/measure';

const N = 100 * 1024 * 1024;
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const wanted = (row: string) => !ONLY.length || ONLY.some((w) => row.includes(w));

/** A pool that sends a task preferring one worker to the other one: consumers never share their producer's worker. */
class ApartPool extends WorkerPool {
  constructor(
    spawn: SpawnWorker,
    private readonly ids: string[] = [],
  ) {
    super({ size: 2, spawn: () => ((h) => (ids.push(h.id), h))(spawn()) });
  }
  override run(dispatch: Dispatch) {
    const live = this.ids.slice(-2);
    return super.run({ ...dispatch, prefer: dispatch.prefer && live.find((id) => id !== dispatch.prefer) });
  }
}

/** 100 MiB from a child process's touched buffer through a pipe into a buffer this process reuses. */
const PIPE_CHILD = `const b = Buffer.alloc(${N}, 7); process.stdout.write('r'); process.stdin.once('data', () => process.stdout.write(b));`;
async function pipeOnce(into: Buffer): Promise<number> {
  const child = spawn(process.execPath, ['-e', PIPE_CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let start = 0;
    let got = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      if (got < 0) {
        got = 0;
        chunk = chunk.subarray(1);
        start = performance.now();
        child.stdin.write('g');
      }
      chunk.copy(into, got);
      got += chunk.length;
      if (got === N) {
        const ms = performance.now() - start;
        child.kill();
        resolve(ms);
      }
    });
    child.on('error', reject);
  });
}

export async function run(): Promise<void> {
  const project = await benchProject();
  const once = (make: () => AbstractRunner, kind: string) => async () => {
    const catalog = project.createCatalog();
    catalog.add('kind', new MemoryDataset({ data: kind }));
    const out = await make().run(project.pipelines.parallel_transfer, catalog, {
      pipelineName: 'parallel_transfer',
      project: project.ref(),
    });
    if (out.nbytes !== N) throw new Error(`consumer got ${String(out.nbytes)} bytes`);
    return (out.t_consumed as number) - (out.t_produced as number);
  };
  const figures: Record<string, unknown> = {};
  const source = Buffer.alloc(N, 7);
  const warm = Buffer.alloc(N, 1);
  const floors: Record<string, number[]> = { fresh: [], warm: [], pipe: [] };
  const floor = async (label: string) => {
    const take = async (name: string, f: () => Promise<number> | number) => {
      const s = await repeat(REPS, async () => f());
      floors[name].push(...s.samples);
      return s;
    };
    const time = (f: () => void) => () => {
      const start = performance.now();
      f();
      return performance.now() - start;
    };
    const fresh = time(() => Buffer.from(source));
    const touched = time(() => source.copy(warm));
    if (wanted('memcpy fresh')) console.log(`  memcpy, fresh memory ${fmt(await take('fresh', fresh))}${label}`);
    if (wanted('memcpy warm')) console.log(`  memcpy, warm memory  ${fmt(await take('warm', touched))}${label}`);
    if (wanted('pipe')) console.log(`  pipe, two processes  ${fmt(await take('pipe', () => pipeOnce(warm)))}${label}`);
  };
  const apart = new ApartPool(await nodeLauncher.spawner('process', project.ref()));
  const runners: Array<[string, () => AbstractRunner]> = [
    ['sequential', () => new SequentialRunner()],
    ['thread2', () => new ThreadRunner({ maxWorkers: 2 })],
    ['parallel2', () => new ParallelRunner({ maxWorkers: 2 })],
    ['parallel2-apart', () => new ParallelRunner({ maxWorkers: 2, pool: apart })],
  ];
  await floor('');
  for (const kind of ['float64', 'buffer', 'table']) {
    for (const [name, make] of runners) {
      if (!wanted(`${name} ${kind}`)) continue;
      const s: Stat = await repeat(REPS, once(make, kind));
      figures[`${name}_${kind}Ms`] = s;
      figures[`${name}_${kind}GBps`] = N / (s.median / 1000) / 1e9;
      console.log(
        `  ${`${name} ${kind}`.padEnd(22)} ${fmt(s)}  ${(figures[`${name}_${kind}GBps`] as number).toFixed(2)} GB/s`,
      );
    }
  }
  await apart.close();
  await floor(' (at the end)');
  if (floors.fresh.length) figures.memcpyMs = stat(floors.fresh);
  if (floors.warm.length) figures.memcpyWarmMs = stat(floors.warm);
  if (floors.pipe.length) figures.pipeMs = stat(floors.pipe);
  writeResult('parallel_transfer', figures);
}
