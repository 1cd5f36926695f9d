import type { ErrorInfo, RunEvent } from '../../../src-shared/run-events';
import type { RunMeta, RunOutcome } from '../run-request';

/** What the run's thread writes to the event ring, in order. */
export type RunThreadRecord =
  /** The project is loaded and the pipeline chosen: the run has its id and its nodes. */
  | { k: 'prepared'; runId: string; pipeline: string; nodes: string[] }
  /** The run is prepared: the main thread opens its history recorder. */
  | { k: 'meta'; meta: RunMeta }
  | { k: 'event'; event: RunEvent }
  /**
   * The run is over. Its values stay in the thread unless the host keeps them (`values`): then
   * they come as a message of their own (RunThreadValues), posted before this record was written.
   */
  | { k: 'outcome'; outcome: Omit<RunOutcome, 'freeOutputValues'>; values: boolean }
  /** Refused before any node ran (`ours`: a Pipewright error, shown without its type). */
  | { k: 'error'; error: ErrorInfo; ours: boolean }
  /** Code run by the pipeline ended the thread (process.exit). */
  | { k: 'exit' }
  /** The run's promises can no longer settle. */
  | { k: 'hang' };

/** The values of the run's memory datasets and free outputs, encoded to cross (engine/pool/codec). */
export interface RunThreadValues {
  k: 'values';
  values: Record<string, unknown>;
  /** Datasets whose value could not cross, with the reason. */
  left: Record<string, string>;
}
