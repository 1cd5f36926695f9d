import type { Pipeline } from 'pipewright';
import { createPipeline as dataProcessing } from './pipelines/data-processing/pipeline';
import { createPipeline as dataScience } from './pipelines/data-science/pipeline';

export function registerPipelines(): Record<string, Pipeline> {
  const data_processing = dataProcessing();
  const data_science = dataScience();
  return { data_processing, data_science, __default__: data_processing.plus(data_science) };
}
