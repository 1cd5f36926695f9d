import { HistoryError } from './errors';
import type { History } from './open-history';
import type { RunRequest } from '../../src-shared/run-request';

/** What to run to resume a past run: a run request, with what the past run fixed always given. */
export type ResumePlan = RunRequest & Required<Pick<RunRequest, 'pipeline' | 'runner' | 'isAsync' | 'params' | 'env' | 'resumeOf'>>;

/**
 * What `pipewright run --resume RUN_ID` runs: the failed run's pipeline, runner and parameters,
 * from the nodes its resume point names.
 */
export function resumePlan(history: History, runId: string): ResumePlan {
  const run = history.getRun(runId);
  if (!run) throw unknownRun(history, runId);
  if (run.status === 'success') throw new HistoryError(`Run ${runId} succeeded: there is nothing to resume.`);
  if (run.status === 'running') {
    throw new HistoryError(`Run ${runId} is still running. Wait for it to end, or cancel it, then resume it.`);
  }
  const filters = run.filters as Record<string, unknown>;
  const resuming = run.resumeFrom.length > 0;
  // No resume point means no node finished (or the process died first): the whole run again, with its own filters.
  return {
    projectRoot: history.projectRoot,
    pipeline: run.pipeline,
    runner: run.runner,
    isAsync: run.isAsync,
    maxWorkers: run.maxWorkers ?? undefined,
    fromNodes: resuming ? run.resumeFrom : asList(filters.fromNodes),
    nodes: resuming ? undefined : asList(filters.nodeNames),
    fromInputs: resuming ? undefined : asList(filters.fromInputs),
    toNodes: asList(filters.toNodes),
    toOutputs: asList(filters.toOutputs),
    tags: asList(filters.tags),
    namespace: typeof filters.nodeNamespace === 'string' ? filters.nodeNamespace : undefined,
    params: run.params as Record<string, unknown>,
    env: run.env,
    resumeOf: runId,
  };
}

const asList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length ? (v as string[]) : undefined);

/** "No run 'x'", naming the file and the most recent runs, so a typo is easy to correct. */
export function unknownRun(history: History, runId: string): HistoryError {
  const recent = history.listRuns({ limit: 5 }).map((r) => r.runId);
  return new HistoryError(
    `No run '${runId}' in ${history.file}.${recent.length ? ` Recent runs: ${recent.join(', ')}` : ' No run has been recorded yet.'}`,
  );
}
