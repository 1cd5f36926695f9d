import { openHistory, recorderOrNothing, type History } from './history';
import type { OpenHistory } from './services/history-service';

/**
 * The app records every run in the project's own history, as the CLI does. A history that cannot
 * be opened (a file from a newer Pipewright, a read-only folder) costs a warning, never the run;
 * browsing it then reports why.
 */
export const openAppHistory: OpenHistory = (projectRoot) => {
  let history: History | undefined;
  let failure: unknown;
  try {
    history = openHistory(projectRoot);
  } catch (err) {
    failure = err;
  }
  const require = (): History => {
    if (!history) throw failure;
    return history;
  };
  return {
    recorder: (meta) => recorderOrNothing((m) => require().recorder(m), meta),
    listRuns: (filter) => require().listRuns(filter),
    getRun: (runId) => require().getRun(runId),
    fingerprints: () => require().fingerprints,
    close: () => history?.close(),
  };
};
