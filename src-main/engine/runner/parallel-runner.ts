import { isSingleProcess } from '../catalog/abstract-dataset';
import type { DataCatalog } from '../catalog/data-catalog';
import { RunnerError } from '../errors';
import type { Pipeline } from '../pipeline';
import type { WorkerKind } from '../pool/types';
import { PoolRunner } from './pool-runner';
import type { RunContext } from './run-context';

/**
 * Runs nodes concurrently in a pool of worker processes: Node child processes on the command
 * line and in tests, Electron utility processes in the app (which passes its warm `pool`). The
 * host's launcher says which.
 */
export class ParallelRunner extends PoolRunner {
  protected get kind(): WorkerKind {
    return 'process';
  }

  protected validate(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): void {
    super.validate(pipeline, catalog, ctx);
    const refused = [...pipeline.datasets()]
      .filter((name) => catalog.has(name) && isSingleProcess(catalog.getDataset(name)))
      .sort()
      .map((name) => `'${name}' (${catalog.getDataset(name).typeName})`);
    if (refused.length) {
      throw new RunnerError(
        `ParallelRunner cannot use these datasets, whose classes must stay in one process: ${refused.join(', ')}. Use ThreadRunner, which keeps them in the engine process, or SequentialRunner.`,
      );
    }
  }

  protected async _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    this.logSyncModeHint();
    await this.runOnPool(pipeline, catalog, ctx);
  }
}
