import { PipewrightError } from '../engine/errors';

/**
 * A request the run history cannot answer: an unknown run, a run with nothing to resume, a file
 * written by a newer Pipewright. The CLI reports it as a usage error (exit 2).
 */
export class HistoryError extends PipewrightError {}
