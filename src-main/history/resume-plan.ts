import type { RunDetail } from '../../src-shared/api-types';
import type { RunRequest } from '../../src-shared/run-request';
import { HistoryError } from './errors';
import type { History } from './open-history';

/**
 * What resuming a past run runs: its request as recorded (pipeline, runner, filters, `--params`,
 * `--load-versions`, every option) in its own env, with only what resuming changes replaced: the
 * nodes to start from and the run it resumes. The CLI's `--resume`, the app's "Resume from here"
 * and a resume after a cancel all plan here.
 *
 * With no resume point (no node finished, or the process died first) the whole run is repeated,
 * as Kedro's "Repeat the previous command" advises: refusing would leave a run that failed in its
 * first node, or was interrupted, impossible to resume at all. `projectRoot` is the project whose
 * history holds the run (where it is now, should the folder have moved).
 */
export function planResume(run: RunDetail, projectRoot: string, fromNodes?: string[]): RunRequest {
  if (run.status === 'success') throw new HistoryError(`Run ${run.runId} succeeded: there is nothing to resume.`);
  if (run.status === 'running') {
    throw new HistoryError(`Run ${run.runId} is still running. Wait for it to end, or cancel it, then resume it.`);
  }
  const from = fromNodes?.length ? fromNodes : run.resumeFrom;
  // The other filters stay: every filter narrows the pipeline, so the nodes left are still found
  // within the original run's nodes.
  return {
    ...run.request,
    ...(from.length ? { fromNodes: from } : {}),
    projectRoot,
    env: run.env,
    resumeOf: run.runId,
  };
}

/** The plan for a run of this history, by id. */
export function resumePlan(history: History, runId: string, fromNodes?: string[]): RunRequest {
  const run = history.getRun(runId);
  if (!run) throw unknownRun(history, runId);
  return planResume(run, history.projectRoot, fromNodes);
}

/** "No run 'x'", naming the file and the most recent runs, so a typo is easy to correct. */
export function unknownRun(history: History, runId: string): HistoryError {
  const recent = history.listRuns({ limit: 5 }).map((r) => r.runId);
  return new HistoryError(
    `No run '${runId}' in ${history.file}.${recent.length ? ` Recent runs: ${recent.join(', ')}` : ' No run has been recorded yet.'}`,
  );
}
