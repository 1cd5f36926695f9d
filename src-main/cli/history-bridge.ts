import { openHistory, resumePlan, type History } from '../history';
import type { RunMeta, RunRecorderLike, RunRequest } from '../services/run-request';

// One history per project for the life of the CLI process.
const open = new Map<string, History>();

export function historyOf(projectRoot: string): History {
  let h = open.get(projectRoot);
  if (!h) open.set(projectRoot, (h = openHistory(projectRoot)));
  return h;
}

export function openRecorder(meta: RunMeta): RunRecorderLike {
  return historyOf(meta.projectRoot).recorder(meta);
}

export function resumeRequest(projectRoot: string, runId: string): RunRequest {
  return resumePlan(historyOf(projectRoot), runId);
}

export function closeHistories(): void {
  for (const h of open.values()) h.close();
  open.clear();
}
