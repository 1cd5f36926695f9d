import type { DataCatalog } from '../catalog/data-catalog';
import type { Pipeline } from '../pipeline';
import { AbstractRunner } from './abstract-runner';
import type { RunContext } from './run-context';

/** One node at a time, in dependency order, in this process. */
export class SequentialRunner extends AbstractRunner {
  protected async _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    this.logSyncModeHint();
    await this.schedule(pipeline, catalog, ctx, this.inProcessExecutor(1));
  }
}
