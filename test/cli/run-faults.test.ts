// Faults inside a node, seen as a user sees them: a real `./bin/pipewright run` process, signalled
// for real, and the run history read from its SQLite file afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../src-main/history';
import { pipewright, removeTempDirs, waitFor } from '../history/helpers';
import { faultProject } from './fault-project';

afterAll(removeTempDirs);

const RUNNERS = ['SequentialRunner', 'ThreadRunner', 'ParallelRunner', 'src/runner.ts#InlineRunner'];

function historyRun(project: string, runId: string) {
  const history = openHistory(project);
  try {
    const run = history.getRun(runId)!;
    return { status: run.status, nodes: Object.fromEntries(run.nodes.map((n) => [n.name, n.status])), run };
  } finally {
    history.close();
  }
}

describe('Ctrl+C while a node computes synchronously', () => {
  it.each(['SequentialRunner', 'ThreadRunner', 'ParallelRunner'])(
    '%s: stops, exits 130, records the run and the node cancelled',
    async (runner) => {
      const project = faultProject();
      const { child, done } = pipewright([
        'run',
        '--project',
        project,
        '--runner',
        runner,
        '--params',
        'mode=busy',
        '--json',
      ]);
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      try {
        await waitFor('node work to run', () => stderr.includes('Running node: work'), 40_000);
        child.kill('SIGINT');
        const exit = await Promise.race([done, new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000))]);
        expect(exit, 'the CLI did not stop after Ctrl+C').toBeDefined();
        expect(exit!.code).toBe(130);
        const doc = JSON.parse(exit!.stdout);
        expect(doc.status).toBe('cancelled');
        expect(doc.nodes.map((n: { status: string }) => n.status)).toEqual(['done', 'cancelled', 'skipped']);
        const recorded = historyRun(project, doc.runId);
        expect(recorded.status).toBe('cancelled');
        expect(recorded.nodes).toEqual({ first: 'done', work: 'cancelled', last: 'skipped' });
      } finally {
        child.kill('SIGKILL');
      }
    },
    60_000,
  );
});

describe.each(RUNNERS)('%s: a node that never gives its result back', (runner) => {
  it.each([
    ['exit', 'node work ended the process'],
    ['hang', 'node work never finished: its promise can no longer settle'],
  ])(
    'mode %s fails the run with exit 1, naming the node, in the JSON and the history',
    async (mode, message) => {
      const project = faultProject();
      const { child, done } = pipewright([
        'run',
        '--project',
        project,
        '--runner',
        runner,
        '--params',
        `mode=${mode}`,
        '--json',
      ]);
      const exit = await Promise.race([done, new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000))]);
      child.kill('SIGKILL');
      expect(exit, 'the CLI did not end').toBeDefined();
      expect(exit!.code).toBe(1);
      expect(exit!.stderr).toContain(message);
      const doc = JSON.parse(exit!.stdout);
      expect(doc.status).toBe('failed');
      const work = doc.nodes.find((n: { name: string }) => n.name === 'work');
      expect(work).toMatchObject({ status: 'failed', error: { message: expect.stringContaining(message) } });
      const recorded = historyRun(project, doc.runId);
      expect(recorded.status).toBe('failed');
      expect(recorded.nodes).toEqual({ first: 'done', work: 'failed', last: 'skipped' });
      expect(recorded.run.nodes[1].error?.message).toContain(message);
    },
    60_000,
  );
});

describe.each(RUNNERS.slice(0, 3))('%s: a node that runs out of memory', (runner) => {
  it('fails as a node, naming the limit; the CLI reports it and exits 1', async () => {
    const project = faultProject();
    const { done } = pipewright([
      'run',
      '--project',
      project,
      '--runner',
      runner,
      '--params',
      'mode=oom',
      '--max-worker-memory',
      '96',
      '--json',
    ]);
    const exit = await done;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('node work ran out of memory (limit 96 MB)');
    const doc = JSON.parse(exit.stdout);
    expect(doc.status).toBe('failed');
    expect(historyRun(project, doc.runId).nodes).toEqual({ first: 'done', work: 'failed', last: 'skipped' });
  }, 90_000);
});
