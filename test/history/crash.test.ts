import { afterAll, describe, expect, it } from 'vitest';
import { openHistory, resumePlan } from '../../src-main/history';
import { faultProject } from '../cli/fault-project';
import { chainProject, pipewright, removeTempDirs, waitFor } from './helpers';

afterAll(removeTempDirs);

describe('a run whose process is killed', () => {
  it('is found interrupted by the next process that opens the history, its running node interrupted', async () => {
    const project = chainProject();
    const { child, done } = pipewright(['run', '--project', project, '--params', 'slow_ms=60000']);
    const watcher = openHistory(project);
    try {
      // The run's row is written before any node runs; node rows follow within a flush interval.
      const runId = await waitFor('the run to be recorded as running with summarise running', () => {
        const run = watcher.listRuns()[0];
        if (run?.status !== 'running') return undefined;
        const detail = watcher.getRun(run.runId)!;
        return detail.nodes.find((n) => n.name === 'summarise')?.status === 'running' ? run.runId : undefined;
      });
      // A live process's run is never marked, however often the history is opened.
      expect(watcher.markInterrupted()).toEqual([]);

      child.kill('SIGKILL');
      const exit = await done;
      expect(exit.signal).toBe('SIGKILL');

      const next = openHistory(project);
      const run = next.getRun(runId)!;
      expect(run.status).toBe('interrupted');
      expect(run.error).toMatchObject({ name: 'Interrupted' });
      expect(run.endedAt).toBeGreaterThanOrEqual(run.startedAt);
      expect(Object.fromEntries(run.nodes.map((n) => [n.name, n.status]))).toEqual({
        clean: 'done',
        summarise: 'interrupted',
        publish: 'skipped',
      });
      expect(run.nodes[1].endedAt).toBeGreaterThanOrEqual(run.nodes[1].startedAt!);
      expect(run.logs.some((l) => l.message.startsWith('Running node: summarise'))).toBe(true);

      // Resuming an interrupted run runs it again with its parameters: no resume point was recorded.
      const plan = resumePlan(next, runId);
      expect(plan).toMatchObject({ params: { slow_ms: 60000 }, resumeOf: runId });
      expect(plan).not.toHaveProperty('fromNodes');
      next.close();

      const listed = await pipewright(['runs', '--project', project, '--status', 'interrupted', '--json']).done;
      expect(JSON.parse(listed.stdout).runs.map((r: { runId: string }) => r.runId)).toEqual([runId]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      watcher.close();
    }
  });

  it('killed while a node computes synchronously: finished nodes stay done, the running one is interrupted', async () => {
    const project = faultProject();
    const { child, done } = pipewright(['run', '--project', project, '--params', 'mode=busy']);
    const watcher = openHistory(project);
    try {
      // The history can see the node running only if the CLI's own thread is free while it computes.
      const runId = await waitFor(
        'the run to be recorded with work running',
        () => {
          const run = watcher.listRuns()[0];
          const detail = run && watcher.getRun(run.runId);
          return detail?.nodes.find((n) => n.name === 'work')?.status === 'running' ? run.runId : undefined;
        },
        40_000,
      );
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');

      const next = openHistory(project);
      const run = next.getRun(runId)!;
      next.close();
      expect(run.status).toBe('interrupted');
      expect(Object.fromEntries(run.nodes.map((n) => [n.name, n.status]))).toEqual({
        first: 'done',
        work: 'interrupted',
        last: 'skipped',
      });
      const work = run.nodes[1];
      expect(work.endedAt).toBeGreaterThanOrEqual(work.startedAt!);

      const shown = await pipewright(['show', runId, '--project', project, '--json']).done;
      expect(JSON.parse(shown.stdout).nodes.map((n: { status: string }) => n.status)).toEqual([
        'done',
        'interrupted',
        'skipped',
      ]);
    } finally {
      child.kill('SIGKILL');
      watcher.close();
    }
  }, 60_000);
});
