import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import { ThreadRunner } from '../engine/runner/thread-runner';
import type { PoolRunnerOptions } from '../engine/runner/pool-runner';
import type { RunContext } from '../engine/runner/run-context';

/**
 * What "SequentialRunner" means in the app and in `pipewright serve`: one node at a time, in the
 * same dependency order, but on a worker thread, so a node that computes for minutes never stops
 * the host from answering the window. Values cross to the thread by structured clone, as under
 * ThreadRunner. The CLI instead runs a whole SequentialRunner run on one thread (cli/run-thread.ts);
 * the library's own `SequentialRunner` (a script's `new SequentialRunner().run()`) stays in process.
 */
export class OffThreadSequentialRunner extends ThreadRunner {
  constructor(options: PoolRunnerOptions = {}) {
    super({ ...options, maxWorkers: 1 });
  }

  override get name(): string {
    return 'SequentialRunner';
  }

  protected override _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    this.logSyncModeHint(); // as SequentialRunner logs it
    return this.runOnPool(pipeline, catalog, ctx);
  }
}
