// What project modules get for `import ... from 'pipewright'`: the engine, the dataset classes and the table type.
// The same module instances as the host's, so `instanceof` holds across the boundary.
import { useNodeWorkers } from '../workers/node-launcher';

export * from '../engine';
export * from '../datasets';
export * from '../table';
export { findPipelines, type FindPipelinesOptions } from './find-pipelines';

// Imported on its own (a script using the library), pool runners start Node threads and child
// processes; a host that registered its own launcher (the app) keeps it.
useNodeWorkers({ ifAbsent: true });
