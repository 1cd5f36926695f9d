// What project modules get for `import ... from 'pipewright'`: the engine and the dataset classes.
// The same module instances as the host's, so `instanceof` holds across the boundary.
export * from '../engine';
export * from '../datasets';
export { findPipelines, type FindPipelinesOptions } from './find-pipelines';
