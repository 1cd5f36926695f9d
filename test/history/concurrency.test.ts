import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DataCatalog, MemoryDataset, SequentialRunner, newRunId, node, pipeline } from '../../src-main/engine';
import { openHistory, type History } from '../../src-main/history';
import { chainProject, meta, pipewright, removeTempDirs, tempHistory, waitFor } from './helpers';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('several writers on one history', () => {
  it('four CLI runs at once on the same project are all recorded, with no record lost', async () => {
    const project = chainProject();
    openHistory(project).close(); // the file exists before the four race to open it
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        (i) => pipewright(['run', '--project', project, '--params', `slow_ms=${100 + 50 * i}`, '--json']).done,
      ),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const ids = results.map((r) => JSON.parse(r.stdout).runId as string);
    expect(new Set(ids).size).toBe(4);

    const history = openHistory(project);
    const runs = history.listRuns();
    expect(runs.map((r) => r.runId).sort()).toEqual([...ids].sort());
    const details = ids.map((id) => history.getRun(id)!);
    for (const run of details) {
      expect(run).toMatchObject({ status: 'success', nodeCount: 3, nodesDone: 3, nodesFailed: 0 });
      expect(run.nodes.every((n) => n.status === 'done' && n.worker === 'main' && n.endedAt)).toBe(true);
    }
    // Every run wrote the same events: the same number of log lines and loads and saves.
    const shape = (id: string) => {
      const run = history.getRun(id)!;
      return { logs: run.logs.length, io: run.io.length, outputs: run.outputs.length };
    };
    const first = shape(ids[0]);
    expect(first.logs).toBeGreaterThan(10);
    expect(first.outputs).toBe(2);
    for (const id of ids) expect(shape(id)).toEqual(first);
    expect(details.map((d) => d.request.params)).toEqual([0, 1, 2, 3].map((i) => ({ slow_ms: 100 + 50 * i })));
    expect(details.map((d) => d.parameters?.slow_ms)).toEqual([0, 1, 2, 3].map((i) => 100 + 50 * i));
    history.close();
  });
});

/** Ten nodes of `ms` each, on the real SequentialRunner, recorded. */
async function slowRun(history: History, ms: number, onStarted?: () => void) {
  const runId = newRunId();
  const recorder = history.recorder(meta(runId));
  const p = pipeline(
    Array.from({ length: 10 }, (_, i) =>
      node(async (x: number) => (await sleep(ms), x + 1), `d${i}`, `d${i + 1}`, { name: `n${i}` }),
    ),
  );
  const t = performance.now();
  const result = await new SequentialRunner().run(p, new DataCatalog({ d0: new MemoryDataset({ data: 0 }) }), {
    runId,
    onEvent: (e) => {
      recorder.onEvent(e);
      if (e.type === 'run-start') onStarted?.();
    },
  });
  recorder.close();
  return { runId, result, ms: performance.now() - t, recorder };
}

/** Another connection holding the write lock, as a second writer in a long transaction would. */
function holdWriteLock(file: string): { release: () => void; db: Database.Database } {
  const db = new Database(file);
  db.exec('BEGIN IMMEDIATE');
  return {
    db,
    release: () => {
      db.exec('COMMIT');
      db.close();
    },
  };
}

describe('a locked history', () => {
  it('a lock held briefly costs a wait, not a record', async () => {
    const { history, errors } = tempHistory();
    let lock: ReturnType<typeof holdWriteLock> | undefined;
    const { runId, result } = await slowRun(history, 20, () => {
      lock = holdWriteLock(history.file);
      setTimeout(() => lock!.release(), 150);
    });
    expect(result).toEqual({ d10: 10 });
    expect(errors).toEqual([]);
    const run = history.getRun(runId)!;
    expect(run).toMatchObject({ status: 'success', nodesDone: 10 });
    expect(run.logs.filter((l) => l.message.startsWith('Completed node'))).toHaveLength(10);
    history.close();
  });

  it('a lock held for longer than the wait: the run goes on, the problem is told once, the records follow', async () => {
    const { history, errors } = tempHistory({ busyTimeoutMs: 200, batchWaitMs: 20 });
    let lock: ReturnType<typeof holdWriteLock> | undefined;
    const { runId, result, ms, recorder } = await slowRun(history, 40, () => {
      lock = holdWriteLock(history.file);
    });
    // The run finished on time, although no batch and not its end could be written.
    expect(result).toEqual({ d10: 10 });
    expect(ms).toBeLessThan(400 + 2_000);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error & { code?: string }).code).toBe('SQLITE_BUSY');
    expect(recorder.done).toBe(false);
    const seen = lock!.db.prepare('SELECT status, nodes_done FROM runs WHERE id = ?').get(runId);
    expect(seen).toEqual({ status: 'running', nodes_done: 0 });

    lock!.release();
    await waitFor('the recorder to write what it kept', () => recorder.done, 5_000);
    const run = history.getRun(runId)!;
    expect(run).toMatchObject({ status: 'success', nodesDone: 10, nodeCount: 10 });
    expect(run.nodes.every((n) => n.status === 'done' && n.computeMs! >= 30)).toBe(true);
    // Each batch was written once: no duplicate log lines or io rows from the retries.
    expect(run.logs.filter((l) => l.message.startsWith('Completed node'))).toHaveLength(10);
    expect(run.io.filter((e) => e.kind === 'save')).toHaveLength(10);
    expect(errors).toHaveLength(1);
    history.close();
  });

  it('the history going away mid-run does not fail the run either', async () => {
    const { history, errors } = tempHistory();
    const { result } = await slowRun(history, 5, () => setTimeout(() => history.close(), 10));
    expect(result).toEqual({ d10: 10 });
    expect(errors.length).toBeLessThanOrEqual(1);
  });
});
