import { openHistory, recorderOrNothing, resumePlan, type History, type ResumePlan } from '../history';
import type { RunMeta, RunRecorderLike } from '../services/run-request';

// One history per project for the life of the CLI process.
const open = new Map<string, History>();

export function historyOf(projectRoot: string): History {
  let h = open.get(projectRoot);
  if (!h) open.set(projectRoot, (h = openHistory(projectRoot)));
  return h;
}

/** Recording never stops a run: a history that cannot be opened costs a warning, not the run. */
export function openRecorder(meta: RunMeta): RunRecorderLike {
  return recorderOrNothing((m) => historyOf(m.projectRoot).recorder(m), meta);
}

export function resumeRequest(projectRoot: string, runId: string): ResumePlan {
  return resumePlan(historyOf(projectRoot), runId);
}

export function closeHistories(): void {
  for (const h of open.values()) h.close();
  open.clear();
}
