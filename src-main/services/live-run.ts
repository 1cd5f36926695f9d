import type { LiveRun } from '../../src-shared/api-types';
import { newRunState } from '../../src-shared/run-state';

/** The snapshot `runs.live` returns (a renderer that reconnects starts from it); events fold in with applyRunEvent. */
export function newLiveRun(runId: string, pipeline: string, runner: string, nodes: string[]): LiveRun {
  return { ...newRunState(runId, pipeline, runner, nodes), memoryDatasets: [] };
}
