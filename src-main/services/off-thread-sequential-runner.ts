import { ThreadRunner } from '../engine/runner/thread-runner';
import type { PoolRunnerOptions } from '../engine/runner/pool-runner';

/**
 * What "SequentialRunner" means in the app and in `pipewright serve`: one node at a time, in the
 * same dependency order, but on a worker thread, so a node that computes for minutes never stops
 * the host from answering the window. Values cross to the thread by structured clone, as under
 * ThreadRunner; the CLI keeps the in-process SequentialRunner.
 */
export class OffThreadSequentialRunner extends ThreadRunner {
  constructor(options: PoolRunnerOptions = {}) {
    super({ ...options, maxWorkers: 1 });
  }

  override get name(): string {
    return 'SequentialRunner';
  }
}
