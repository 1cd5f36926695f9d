import type { ErrorInfo, RunEvent } from '../../src-shared/run-events';
import type { RunMeta, RunOutcome } from '../services/run-request';

/** What the run's thread writes to the event ring, in order. */
export type RunThreadRecord =
  /** The run is prepared: the main thread opens its history recorder. */
  | { k: 'meta'; meta: RunMeta }
  | { k: 'event'; event: RunEvent }
  /** The run is over (its values stay in the thread). */
  | { k: 'outcome'; outcome: Omit<RunOutcome, 'freeOutputValues'> }
  /** Refused before any node ran (`ours`: a Pipewright error, shown without its type). */
  | { k: 'error'; error: ErrorInfo; ours: boolean }
  /** Code run by the pipeline ended the thread (process.exit). */
  | { k: 'exit' }
  /** The run's promises can no longer settle. */
  | { k: 'hang' };
