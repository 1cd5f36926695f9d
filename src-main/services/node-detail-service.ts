// A function node's details beyond the graph: its source (node-source.ts) and its last run, from
// the run history of the open project.
import type { NodeDetail, NodeLastRun } from '../../src-shared/table-page';
import type { HistoryService } from './history-service';
import { findNodeSource } from './node-source';
import type { ProjectService } from './project-service';
import { ServiceError } from './service-error';

/** Runs looked through, newest first, for one that ran the node. */
const RUNS_SEARCHED = 50;

export class NodeDetailService {
  constructor(
    private readonly projects: ProjectService,
    private readonly history: HistoryService | undefined,
  ) {}

  async detail(nodeName: string, pipelineName = '__default__'): Promise<NodeDetail> {
    const { project } = this.projects.require();
    const pipeline = project.pipelines[pipelineName];
    if (!pipeline) throw new ServiceError('not-found', `No pipeline '${pipelineName}' in this project.`);
    const node = pipeline.nodes.find((n) => n.name === nodeName);
    if (!node) throw new ServiceError('not-found', `No node '${nodeName}' in pipeline '${pipelineName}'.`);
    const source = await findNodeSource(project, node.func as (...args: never[]) => unknown);
    return {
      node: node.name,
      func: node.funcName,
      source: source ?? { file: null, line: null, code: Function.prototype.toString.call(node.func) },
      sourceReason: source ? undefined : `${node.funcName} is not in a file under src/: shown as the runtime has it.`,
      lastRun: await this.lastRun(node.name),
    };
  }

  private async lastRun(nodeName: string): Promise<NodeLastRun | null> {
    if (!this.history) return null;
    const runs = await this.history.list({ limit: RUNS_SEARCHED });
    for (const summary of runs) {
      const run = await this.history.get(summary.runId);
      const n = run.nodes.find((x) => x.name === nodeName);
      if (!n || n.status === 'waiting' || n.status === 'skipped') continue;
      return {
        runId: run.runId,
        status: n.status,
        startedAt: n.startedAt,
        durationMs: n.startedAt && n.endedAt ? n.endedAt - n.startedAt : undefined,
        error: n.error?.message,
      };
    }
    return null;
  }
}
