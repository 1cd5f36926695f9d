import { findPipelines, pipeline, type Pipeline } from 'pipewright';

/**
 * The project's pipelines by name. findPipelines() registers every src/pipelines/<name>/pipeline.ts
 * that exports createPipeline() as <name>; `__default__` is what `pipewright run` runs without --pipeline.
 */
export function registerPipelines(): Record<string, Pipeline> {
  const pipelines = findPipelines({ raiseErrors: true });
  return { ...pipelines, __default__: pipeline(Object.values(pipelines)) };
}
