import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataCatalog, MemoryDataset, SequentialRunner, newRunId, node, pipeline } from '../../src-main/engine';
import { JSONDataset } from '../../src-main/datasets/json-dataset';
import { isPersistedOutput, openHistory, type History } from '../../src-main/history';
import { startRun, type RunMeta as ServicesRunMeta } from '../../src-main/services/run-request';
import type { RunMeta } from '../../src-main/history';
import type { HistoryRunDetail } from '../../src-shared/history-types';
import { chainProject, meta, removeTempDirs, tempDir, tempHistory } from './helpers';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Compile-time: what services hand the recorder is the history's own RunMeta.
const _sameShape: (m: ServicesRunMeta) => RunMeta = (m) => m;
void _sameShape;

/** a (memory) → first → b (memory) → second → c (JSON file) → third → d (memory) */
function chain(options: { failSecond?: boolean; secondMs?: number } = {}) {
  return pipeline([
    node((a: number) => a + 1, 'a', 'b', { name: 'first' }),
    node(
      async function second(b: number) {
        await sleep(options.secondMs ?? 1);
        if (options.failSecond) throw new TypeError('second cannot take it');
        return { b };
      },
      'b',
      'c',
      { name: 'second' },
    ),
    node((c: { b: number }) => c.b * 10, 'c', 'd', { name: 'third' }),
  ]);
}

async function runSequential(
  history: History,
  options: { failSecond?: boolean; secondMs?: number; signal?: AbortSignal } = {},
) {
  const dir = tempDir();
  const runId = newRunId();
  const recorder = history.recorder(meta(runId, { projectRoot: dir, params: { who: 'test' } }));
  const catalog = new DataCatalog({
    a: new MemoryDataset({ data: 1 }),
    c: new JSONDataset({ filepath: join(dir, 'c.json') }),
  });
  let error: unknown;
  try {
    await new SequentialRunner().run(chain(options), catalog, {
      runId,
      onEvent: recorder.onEvent,
      signal: options.signal,
    });
  } catch (err) {
    error = err;
  } finally {
    recorder.close();
  }
  return { runId, dir, error, run: history.getRun(runId)! };
}

const nodeStatus = (run: HistoryRunDetail) => Object.fromEntries(run.nodes.map((n) => [n.name, n.status]));

describe('recording SequentialRunner runs', () => {
  it('a successful run: the row, every node with worker and timings, dataset io and log lines', async () => {
    const { history, errors } = tempHistory();
    const { runId, dir, run } = await runSequential(history);
    expect(run).toMatchObject({
      runId,
      status: 'success',
      runner: 'SequentialRunner',
      nodeCount: 3,
      nodesDone: 3,
      nodesFailed: 0,
      request: { params: { who: 'test' } },
    });
    expect(run.endedAt).toBeGreaterThanOrEqual(run.startedAt);
    expect(nodeStatus(run)).toEqual({ first: 'done', second: 'done', third: 'done' });
    for (const n of run.nodes) {
      expect(n.worker).toBe('main');
      expect(n.startedAt).toBeGreaterThanOrEqual(run.startedAt);
      expect(n.endedAt).toBeGreaterThanOrEqual(n.startedAt!);
      expect(n.computeMs).toBeGreaterThanOrEqual(0);
      expect(n.loadMs).toBeGreaterThanOrEqual(0);
      expect(n.saveMs).toBeGreaterThanOrEqual(0);
    }
    const saveC = run.io.find((e) => e.dataset === 'c' && e.kind === 'save')!;
    expect(saveC).toMatchObject({ node: 'second', datasetType: 'JSONDataset', path: join(dir, 'c.json') });
    expect(saveC.size).toBeGreaterThan(0);
    expect(run.io.filter((e) => e.kind === 'load').map((e) => e.dataset)).toEqual(['a', 'b', 'c']);
    // Memory datasets are not persisted outputs; the file is.
    expect(run.outputs.map((o) => o.dataset)).toEqual(['c']);
    expect(history.datasetVersionsWritten(runId).map((e) => e.dataset)).toEqual(['c']);
    expect(run.logs.some((l) => l.message.startsWith('Running node: first') && l.node === 'first')).toBe(true);
    expect(run.logs.at(-1)!.message).toMatch(/completed successfully/);
    expect(errors).toEqual([]);
    history.close();
  });

  it('a failed run: the error with its stack on the node and the run, the rest skipped, the resume point', async () => {
    const { history } = tempHistory();
    const { run, error } = await runSequential(history, { failSecond: true });
    expect(error).toBeInstanceOf(TypeError);
    expect(run).toMatchObject({ status: 'failed', nodesDone: 1, nodesFailed: 1, failedNodes: ['second'] });
    expect(nodeStatus(run)).toEqual({ first: 'done', second: 'failed', third: 'skipped' });
    const failed = run.nodes[1];
    expect(failed.error).toMatchObject({ name: 'TypeError', message: 'second cannot take it' });
    expect(failed.error!.stack).toContain('second');
    expect(run.error).toMatchObject({ message: 'second cannot take it' });
    expect(run.logs.some((l) => l.level === 'error' && l.node === 'second')).toBe(true);
    expect(history.listRuns({ status: 'failed' })[0]).toMatchObject({ runId: run.runId, failedNodes: ['second'] });
    history.close();
  });

  it('a cancelled run: cancelled, with the nodes after the cancel skipped', async () => {
    const { history } = tempHistory();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { run } = await runSequential(history, { secondMs: 300, signal: controller.signal });
    expect(run.status).toBe('cancelled');
    expect(run.nodes.find((n) => n.name === 'third')!.status).toBe('skipped');
    expect(run.nodes.every((n) => n.status !== 'running' && n.status !== 'waiting')).toBe(true);
    expect(run.logs.some((l) => l.message.includes('Cancelling the run'))).toBe(true);
    history.close();
  });

  it('a run that never started (refused before its first node) leaves nothing behind', async () => {
    const { history } = tempHistory();
    const runId = newRunId();
    const recorder = history.recorder(meta(runId));
    await expect(
      new SequentialRunner().run(chain(), new DataCatalog(), { runId, onEvent: recorder.onEvent }),
    ).rejects.toThrow(/not found/);
    recorder.close();
    expect(history.getRun(runId)).toBeUndefined();
    expect(history.listRuns()).toEqual([]);
    history.close();
  });
});

describe.each(['SequentialRunner', 'ThreadRunner', 'ParallelRunner'])(
  'recording %s runs of a project through startRun',
  (runner) => {
    const project = chainProject();
    const history = openHistory(project, {
      onError: (err) => {
        throw err;
      },
    });
    afterAll(() => history.close());
    const run = (params: Record<string, unknown>, signal?: AbortSignal, onNodeStart?: (node: string) => void) =>
      startRun(
        {
          projectRoot: project,
          runner,
          maxWorkers: runner === 'SequentialRunner' ? undefined : 2,
          params,
          commandLine: `test ${runner}`,
        },
        {
          record: (m) => history.recorder(m),
          signal,
          onEvent: (e) => e.type === 'node-start' && onNodeStart?.(e.node),
        },
      );

    it('success: versioned and plain outputs with size, version and path; workers named by the runner', async () => {
      const outcome = await run({});
      expect(outcome.status).toBe('success');
      const detail = history.getRun(outcome.runId)!;
      expect(detail).toMatchObject({
        status: 'success',
        runner,
        nodesDone: 3,
        nodeCount: 3,
        commandLine: `test ${runner}`,
        env: 'local',
      });
      const worker = { SequentialRunner: /^main$/, ThreadRunner: /^thread-\d+$/, ParallelRunner: /^process-\d+$/ }[
        runner
      ]!;
      for (const n of detail.nodes) expect(n.worker).toMatch(worker);
      const summary = detail.outputs.find((o) => o.dataset === 'summary')!;
      expect(summary).toMatchObject({ datasetType: 'JSONDataset', version: outcome.runId, node: 'summarise' });
      expect(summary.path).toBe(join(project, 'data', 'summary.json', outcome.runId, 'summary.json'));
      expect(summary.size).toBeGreaterThan(0);
      expect(detail.outputs.find((o) => o.dataset === 'report')).toMatchObject({
        path: join(project, 'data', 'report.txt'),
        version: undefined,
      });
      expect(detail.outputs.map((o) => o.dataset).sort()).toEqual(['report', 'summary']);
      // One definition of a persisted output for both readers.
      expect(
        history
          .datasetVersionsWritten(outcome.runId)
          .map((e) => e.dataset)
          .sort(),
      ).toEqual(['report', 'summary']);
      expect(detail.io.filter(isPersistedOutput)).toHaveLength(2);
      expect(detail.io.find((e) => e.kind === 'load' && e.dataset === 'raw')).toMatchObject({
        node: 'clean',
        path: join(project, 'data', 'raw.json'),
      });
      expect(detail.logs.some((l) => l.message.startsWith('Running node: summarise'))).toBe(true);
    });

    it('failure: the node error with its stack, parameters recorded, and a resume point', async () => {
      const outcome = await run({ fail: true });
      expect(outcome.status).toBe('failed');
      const detail = history.getRun(outcome.runId)!;
      expect(detail).toMatchObject({
        status: 'failed',
        request: { params: { fail: true } },
        parameters: { fail: true },
        failedNodes: ['summarise'],
        nodesDone: 1,
        nodesFailed: 1,
      });
      expect(nodeStatus(detail)).toEqual({ clean: 'done', summarise: 'failed', publish: 'skipped' });
      const error = detail.nodes[1].error!;
      expect(error.message).toBe('summarise was told to fail');
      expect(error.stack).toContain('summarise');
      expect(detail.resumeFrom).toEqual(['clean']);
    });

    it('cancellation: cancelled, nothing left running or waiting', async () => {
      const controller = new AbortController();
      const outcome = await run(
        { slow_ms: 3000 },
        controller.signal,
        (n) => n === 'summarise' && setTimeout(() => controller.abort(), 50),
      );
      expect(outcome.status).toBe('cancelled');
      const detail = history.getRun(outcome.runId)!;
      expect(detail.status).toBe('cancelled');
      expect(detail.nodes.find((n) => n.name === 'publish')!.status).toBe('skipped');
      expect(detail.nodes.every((n) => n.status !== 'running' && n.status !== 'waiting')).toBe(true);
      expect(history.listRuns().map((r) => r.status)).toEqual(['cancelled', 'failed', 'success']);
    });
  },
);
