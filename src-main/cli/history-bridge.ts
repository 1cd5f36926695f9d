import { openHistory, recorderOrNothing, resumePlan, type History } from '../history';
import type { RunMeta, RunRecorderLike, RunRequest } from '../services/run-request';
import type { FingerprintSource } from '../fingerprint';

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

/** The history's fingerprints of this project, or nothing when its history cannot be opened. */
export function fingerprintsOf(projectRoot: string): FingerprintSource | undefined {
  try {
    return historyOf(projectRoot).fingerprints;
  } catch {
    return undefined;
  }
}

/** The request that resumes a run of this project's history (the one planner the app uses too). */
export function resumeRequest(projectRoot: string, runId: string): RunRequest {
  return resumePlan(historyOf(projectRoot), runId);
}

export function closeHistories(): void {
  for (const h of open.values()) h.close();
  open.clear();
}
