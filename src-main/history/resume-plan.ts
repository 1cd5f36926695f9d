import type { RunRequest } from '../services/run-request';
import { UsageError } from '../services/usage-error';
import type { History } from './open-history';

/**
 * What `pipewright run --resume RUN_ID` runs: the failed run's pipeline, runner and parameters,
 * from the nodes its resume point names.
 */
export function resumePlan(history: History, runId: string): RunRequest {
  const run = history.getRun(runId);
  if (!run) throw unknownRun(history, runId);
  if (run.status === 'success') throw new UsageError(`Run ${runId} succeeded: there is nothing to resume.`);
  if (run.status === 'running') throw new UsageError(`Run ${runId} is still running.`);
  const filters = run.filters as Record<string, string[] | string | undefined>;
  // No resume point means no node finished: the whole run again, with its own filters.
  const fromNodes = run.resumeFrom.length ? run.resumeFrom : asList(filters.fromNodes);
  return {
    projectRoot: history.projectRoot,
    pipeline: run.pipeline,
    runner: run.runner,
    isAsync: run.isAsync,
    maxWorkers: run.maxWorkers ?? undefined,
    fromNodes,
    nodes: run.resumeFrom.length ? undefined : asList(filters.nodeNames),
    fromInputs: run.resumeFrom.length ? undefined : asList(filters.fromInputs),
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

export function unknownRun(history: History, runId: string): UsageError {
  const recent = history.listRuns({ limit: 5 }).map((r) => r.runId);
  return new UsageError(
    `No run '${runId}' in ${history.file}.${recent.length ? ` Recent runs: ${recent.join(', ')}` : ' No run has been recorded yet.'}`,
  );
}
