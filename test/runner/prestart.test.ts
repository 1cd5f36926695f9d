// Workers started ahead of run(): by the runner's constructor (`prestart`, with the project
// loaded in them at once), and by startRun while the host loads the project itself.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { startRun } from '../../src-main/services/run-request';
import { BASIC, basicProject, dataDir, registryLoads, runBasic } from './helpers';
import { waitFor } from '../wait-for';
import type { Probe } from '../fixtures/runner-projects/basic/src/nodes';

/** Processes other than this one that imported the fixture's pipeline registry. */
const workerLoads = (dir: string) => registryLoads(dir).filter((l) => l.pid !== process.pid);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('workers started before run()', () => {
  it('prestart with preload: worker processes load the project before the run, and the run uses them', async () => {
    const dir = dataDir();
    const project = await basicProject();
    const runner = new ParallelRunner({ maxWorkers: 2, prestart: true, preload: project.ref() });
    const loads = await waitFor('two workers to load the project', () =>
      workerLoads(dir).length >= 2 ? workerLoads(dir) : undefined,
    );
    const runCalledAt = Date.now();
    const ran = await runBasic(runner, 'where', { x: 1 });
    expect(ran.error).toBeUndefined();
    const probe = ran.result!.where_out as Probe;
    expect(loads.map((l) => l.pid)).toContain(probe.pid);
    expect(loads.every((l) => l.at <= runCalledAt)).toBe(true);
    // The run loaded nothing again: the workers kept the project they loaded first.
    expect(workerLoads(dir)).toHaveLength(loads.length);
  });

  it('discardPrestart stops workers no run took', async () => {
    const dir = dataDir();
    const project = await basicProject();
    const runner = new ParallelRunner({ maxWorkers: 2, prestart: true, preload: project.ref() });
    const loads = await waitFor('two workers to load the project', () =>
      workerLoads(dir).length >= 2 ? workerLoads(dir) : undefined,
    );
    runner.discardPrestart();
    await waitFor('the workers to exit', () => loads.every((l) => !alive(l.pid)) || undefined);
  });

  it('startRun starts the workers, and they load the project, while the host loads it', async () => {
    const dir = dataDir();
    process.env.PW_SLOW_REGISTRY_IN = String(process.pid); // this process takes 1.5 s to load the registry
    try {
      const outcome = await startRun({
        projectRoot: BASIC,
        pipeline: 'where_params',
        runner: 'ParallelRunner',
        maxWorkers: 2,
      });
      expect(outcome.status).toBe('success');
      expect((outcome.freeOutputValues.where_p_out as Probe).pid).not.toBe(process.pid);
    } finally {
      delete process.env.PW_SLOW_REGISTRY_IN;
    }
    const hostLoadedAt = registryLoads(dir).find((l) => l.pid === process.pid)!.at;
    const workers = workerLoads(dir);
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.every((w) => w.at < hostLoadedAt)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self/stat'))('a run refused after its workers started leaves none behind', async () => {
    let workersWhenPrepared: number[] = [];
    // 'where' needs an input no catalog has: ParallelRunner refuses it in run(), before any node.
    const refused = startRun(
      { projectRoot: BASIC, pipeline: 'where', runner: 'ParallelRunner', maxWorkers: 2 },
      { onPrepared: () => (workersWhenPrepared = workerChildren()) },
    );
    await expect(refused).rejects.toThrow(/not found in the DataCatalog/);
    expect(workersWhenPrepared.length).toBeGreaterThan(0);
    await waitFor(
      'the workers of the refused run to exit',
      () => workersWhenPrepared.every((pid) => !alive(pid)) || undefined,
    );
  });
});

/** Worker processes this process started (Linux). */
function workerChildren(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && /bundle-loader|bootstrap/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}
