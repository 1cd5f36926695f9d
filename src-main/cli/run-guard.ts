import type { ErrorInfo, RunEvent } from '../../src-shared/run-events';
import { applyRunEvent, newRunState, type RunState } from '../../src-shared/run-state';
import type { RunOutcome } from '../services/run-request';
import { endRunState, endedProcessMessage, neverFinishedMessage, type Ending } from '../services/run-thread/end-run';

export interface RunGuardSinks {
  /** Where the run's closing events go (the history's recorder and the log), synchronously. */
  emit(event: RunEvent): void;
  /** Prints the run's report (the JSON document, the failure lines) and closes the history. */
  report(outcome: RunOutcome): void;
}

/**
 * A run in this process can end without its promise settling: code in it calls process.exit
 * (Node then runs only 'exit' listeners, synchronously), or it waits on a promise nothing can
 * settle (the event loop empties: 'beforeExit'). Either would end the CLI with exit 0 and no
 * report. The guard folds the run's events, and in those cases ends the run itself as failed,
 * naming the nodes that were running, records it (the history writes synchronously), reports
 * it and sets exit code 1. Workers report the same faults through the pool.
 */
export class RunGuard {
  private state: RunState | undefined;
  private over = false;

  constructor(
    private readonly sinks: RunGuardSinks,
    private readonly exitCode: number,
  ) {}

  readonly onEvent = (event: RunEvent): void => {
    if (event.type === 'run-start')
      this.state = newRunState(event.runId, event.pipeline, event.runner, event.nodes, event.at);
    if (this.state) applyRunEvent(this.state, event);
  };

  install(): void {
    process.on('exit', this.onExit);
    process.on('beforeExit', this.onBeforeExit);
  }

  /** The run's promise settled: the CLI reports it the ordinary way. */
  uninstall(): void {
    this.over = true;
    process.off('exit', this.onExit);
    process.off('beforeExit', this.onBeforeExit);
  }

  /** Stops the process at once (a second Ctrl+C): the run and its running nodes end cancelled. */
  stopNow(code: number): never {
    this.end(
      'cancelled',
      { name: 'RunCancelledError', message: 'The run was stopped at once (Ctrl+C twice).' },
      () => ({
        name: 'RunCancelledError',
        message: 'The run was stopped while this node ran.',
      }),
    );
    process.exit(code);
  }

  private readonly onExit = (): void => {
    if (this.over) return;
    this.end('failed', { name: 'ProcessExit', message: 'Code run by the pipeline ended the process.' }, (node) => ({
      name: 'ProcessExit',
      message: endedProcessMessage(node),
    }));
    process.exitCode = this.exitCode;
  };

  private readonly onBeforeExit = (): void => {
    if (this.over) return;
    this.end(
      'failed',
      { name: 'NeverFinished', message: 'The run never finished: a promise it waits on can no longer settle.' },
      (node) => ({
        name: 'NeverFinished',
        message: neverFinishedMessage(node),
      }),
    );
    process.exitCode = this.exitCode;
  };

  private end(status: Ending, runError: ErrorInfo, nodeError: (node: string) => ErrorInfo): void {
    this.over = true;
    const state = this.state;
    if (!state || state.status !== 'running') {
      if (status === 'failed')
        process.stderr.write(`pipewright: ${runError.message} It happened before the run started.\n`);
      return;
    }
    this.sinks.report(endRunState(state, status, runError, nodeError, this.sinks.emit));
  }
}
