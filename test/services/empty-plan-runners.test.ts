// A pool runner given a pipeline with no node (a --changed run with everything up to date) starts
// no worker, reports the run's start and end, and the run is recorded under its own name.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src-shared/run-events';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { Pipeline } from '../../src-main/engine/pipeline';
import type { WorkerLauncher } from '../../src-main/engine/pool/types';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import type { PoolRunnerOptions } from '../../src-main/engine/runner/pool-runner';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { openHistory } from '../../src-main/history';
import { startRun } from '../../src-main/services/run-request';
import { nodeLauncher } from '../../src-main/workers/node-launcher';
import { removeDir } from '../cli/cli-helpers';
import { changedProject } from '../fingerprint/changed-project';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A launcher of real workers that counts the workers it starts. */
function countingLauncher(): { launcher: WorkerLauncher; started: () => number } {
  let started = 0;
  return {
    started: () => started,
    launcher: {
      async spawner(kind, preload, limits) {
        const spawn = await nodeLauncher.spawner(kind, preload, limits);
        return () => {
          started++;
          return spawn();
        };
      },
    },
  };
}

describe('pool runners and an empty pipeline', () => {
  for (const Runner of [ParallelRunner, ThreadRunner]) {
    it(`${Runner.name} starts no worker and reports the run`, async () => {
      const { launcher, started } = countingLauncher();
      const events: RunEvent[] = [];
      const root = changedProject();
      dirs.push(root);
      const runner = new Runner({ launcher });
      await runner.run(new Pipeline([]), new DataCatalog(), {
        project: { root, env: 'local' },
        onEvent: (e) => events.push(e),
      });
      expect(started()).toBe(0);
      expect(events.map((e) => e.type)).toContain('run-start');
      expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'success' });
    });
  }

  it('a --changed run with nothing changed on ParallelRunner starts no worker; a full run does', async () => {
    const dir = changedProject();
    dirs.push(dir);
    const history = openHistory(dir);
    const counting = countingLauncher();
    class CountingParallel extends ParallelRunner {
      constructor(options: PoolRunnerOptions) {
        super({ ...options, launcher: counting.launcher });
      }
    }
    const hooks = {
      record: (meta: Parameters<typeof history.recorder>[0]) => history.recorder(meta),
      fingerprints: history.fingerprints,
      runners: { ParallelRunner: CountingParallel },
    };
    try {
      const request = { projectRoot: dir, runner: 'ParallelRunner' };
      const full = await startRun(request, hooks);
      expect(full.status).toBe('success');
      expect(counting.started()).toBeGreaterThan(0);
      const before = counting.started();
      const none = await startRun({ ...request, changed: true }, hooks);
      expect(none.status).toBe('success');
      expect(none.runner).toBe('ParallelRunner');
      expect(none.nodes.filter((n) => n.status === 'done')).toEqual([]);
      expect(counting.started()).toBe(before);
    } finally {
      history.close();
    }
  });
});
