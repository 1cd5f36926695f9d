// What project authors may rely on: the library, not the engine's internals.
import { expect, it } from 'vitest';
import * as engine from '../../src-main/engine';
import * as lib from '../../src-main/project/pipewright-module';

it("the engine and the 'pipewright' module export the library for custom runners, not the scheduler, executors or pool internals", () => {
  for (const exports of [engine, lib] as Record<string, unknown>[]) {
    for (const name of [
      'node',
      'pipeline',
      'DataCatalog',
      'MemoryDataset',
      'AbstractRunner',
      'PoolRunner',
      'ThreadRunner',
      'ParallelRunner',
      'WorkerPool',
      'setWorkerLauncher',
      'Logger',
      'RunnerError',
    ]) {
      expect(exports[name], name).toBeDefined();
    }
    for (const name of [
      'RemoteExecutor',
      'schedule',
      'runNodeInProcess',
      'runNode',
      'callHook',
      'encodeValues',
      'Handoff',
      'loadsInWorker',
    ]) {
      expect(exports[name], name).toBeUndefined();
    }
  }
});
