import { AbstractRunner, MemoryDataset, type Pipeline } from 'pipewright';

/** The seed's DryRunner: lists the nodes a run would execute, without running them. */
export class DryRunner extends AbstractRunner {
  createDefaultDataset() {
    return new MemoryDataset();
  }

  protected async _run(pipeline: Pipeline) {
    this.logger.info(
      `Actual run would execute ${pipeline.nodes.length} nodes:\n${pipeline.nodes.map(String).join('\n')}`,
    );
  }
}
