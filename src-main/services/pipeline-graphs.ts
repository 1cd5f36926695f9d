// The graphs of the open project's pipelines, each built once per loaded project: a 10,000-node
// pipeline takes the host a while to describe and key for its layout, and the page asks for the
// same graph again (its early request, its store, a pipeline switched back to). A reloaded project
// is a new Project, so its graphs are built afresh. The default pipeline's graph is built as soon
// as a project opens, since the page asks for it first.
import type { PipelineGraph } from '../../src-shared/api-types';
import type { Project } from '../project/types';

export type BuildGraph = (project: Project, pipeline: string) => Promise<PipelineGraph>;

export class PipelineGraphs {
  private readonly byProject = new WeakMap<Project, Map<string, Promise<PipelineGraph>>>();
  private closed = false;

  constructor(private readonly build: BuildGraph) {}

  get(project: Project, pipeline: string): Promise<PipelineGraph> {
    let graphs = this.byProject.get(project);
    if (!graphs) this.byProject.set(project, (graphs = new Map()));
    const known = graphs.get(pipeline);
    if (known) return known;
    const built = this.build(project, pipeline);
    graphs.set(pipeline, built);
    // A failure, or a graph the host could not lay out, is built again when asked again.
    built.then(
      (graph) => {
        if (!graph.layout && !graph.hasPositions && graph.nodes.length) graphs.delete(pipeline);
      },
      () => graphs.delete(pipeline),
    );
    return built;
  }

  /** Builds the default pipeline's graph ahead of the page's request, when the project has one. */
  warm(project: Project): void {
    if (!('__default__' in project.pipelines)) return;
    setImmediate(() => {
      if (!this.closed) this.get(project, '__default__').catch(() => undefined);
    });
  }

  /** The host is closing: no graph is built ahead any more. */
  close(): void {
    this.closed = true;
  }
}
