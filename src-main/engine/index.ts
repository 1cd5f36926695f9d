// The library that project modules import as 'pipewright': nodes, pipelines, the catalog, the
// runners (and what a custom runner builds on), hooks, errors. The scheduler, the executors and
// the pool's wire protocol are internal: the host imports them from their files.
export { node, Node, stripTranscoding, type NodeFunction, type NodeIO, type NodeOptions } from './node';
export { Pipeline, type PipelineFilter } from './pipeline';
export { pipeline, type PipelineOptions, type NameMapping } from './modular-pipeline';
export {
  AbstractDataset,
  CATALOG_ENTRY,
  isEphemeral,
  isSingleProcess,
  type IoInfo,
  type MaybePromise,
} from './catalog/abstract-dataset';
export { MemoryDataset, type CopyMode } from './catalog/memory-dataset';
export { LambdaDataset, type LambdaDatasetFunctions } from './catalog/lambda-dataset';
export { DataCatalog, type DatasetResolver } from './catalog/data-catalog';
export { AbstractRunner, type RunnerOptions } from './runner/abstract-runner';
export { SequentialRunner } from './runner/sequential-runner';
export { ThreadRunner } from './runner/thread-runner';
export { ParallelRunner } from './runner/parallel-runner';
export { PoolRunner, type PoolRunnerOptions } from './runner/pool-runner';
export { WorkerPool, WorkerCrashError, type WorkerPoolOptions } from './pool/worker-pool';
export { setWorkerLauncher } from './pool/launcher';
export type { SpawnWorker, WorkerHandle, WorkerExit, WorkerKind, WorkerLauncher } from './pool/types';
export { RunContext, type ProjectRef, type RunOptions, newRunId, timestampVersion } from './runner/run-context';
export { NodeExecutionError, type NodeExecutor, type NodeRun } from './runner/scheduler';
export { findNodesToResumeFrom } from './runner/resume';
export type { Hooks, RunParams } from './runner/hooks';
export { Logger, getLogger, type LogSink } from './logger';
export * from './errors';
