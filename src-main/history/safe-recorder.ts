import type { RunEvent } from '../../src-shared/run-events';
import type { HistoryErrorHandler, RunMeta } from '../../src-shared/run-request';

export interface EventRecorder {
  onEvent(event: RunEvent): void;
  close(): void;
}

/**
 * A recorder that cannot fail the run even when the history cannot be opened (a file from a newer
 * Pipewright, a folder that is not writable): the run goes on unrecorded, and says so once.
 */
export function recorderOrNothing(
  open: (meta: RunMeta) => EventRecorder,
  meta: RunMeta,
  onError: HistoryErrorHandler = (err, runId) =>
    process.stderr.write(`pipewright: run ${runId} is not recorded in the run history: ${err.message}\n`),
): EventRecorder {
  try {
    return open(meta);
  } catch (err) {
    onError(err instanceof Error ? err : new Error(String(err)), meta.runId, false);
    return { onEvent: () => {}, close: () => {} };
  }
}
