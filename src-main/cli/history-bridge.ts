import type { RunMeta, RunRecorderLike, RunRequest } from '../services/run-request';
import { UsageError } from '../services/usage-error';

// Replaced by the history store once it lands.
export function openRecorder(_meta: RunMeta): RunRecorderLike | undefined {
  return undefined;
}

export function resumeRequest(_projectRoot: string, runId: string): RunRequest {
  throw new UsageError(`Cannot resume run '${runId}': the run history is not available.`);
}
