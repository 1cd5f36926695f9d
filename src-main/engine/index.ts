// The library that project modules import as 'pipewright'.
export { node, Node, stripTranscoding, type NodeFunction, type NodeIO, type NodeOptions } from './node';
export { Pipeline, type PipelineFilter } from './pipeline';
export { pipeline, type PipelineOptions, type NameMapping } from './modular-pipeline';
export { AbstractDataset, CATALOG_ENTRY, isEphemeral, isSingleProcess, type IoInfo, type MaybePromise } from './catalog/abstract-dataset';
export { MemoryDataset, type CopyMode } from './catalog/memory-dataset';
export { LambdaDataset, type LambdaDatasetFunctions } from './catalog/lambda-dataset';
export { DataCatalog, type DatasetResolver } from './catalog/data-catalog';
export { AbstractRunner, type RunnerOptions } from './runner/abstract-runner';
export { SequentialRunner } from './runner/sequential-runner';
export { RunContext, type ProjectRef, type RunOptions, newRunId, timestampVersion } from './runner/run-context';
export { schedule, NodeExecutionError, errorInfo, type NodeExecutor, type NodeRun } from './runner/scheduler';
export { runNodeInProcess } from './runner/task';
export { findNodesToResumeFrom } from './runner/resume';
export { callHook, type Hooks, type RunParams } from './runner/hooks';
export { Logger, type LogSink } from './logger';
export * from './errors';
