// The host's last layouts in memory, so asking for the same graph again (the page's early request and
// its store's, a reopened tab, another page of `serve`) neither reads the cache file again nor, while
// the project is the same loaded object, builds the graph's layout key again.
import type { GraphLayout, PipelineGraph } from '../../src-shared/api-types';

/** Layouts kept in memory; the least recently used go first. */
const KEEP = 8;

type Known = { id: string; nodes: number; edges: number };

export class RecentLayouts {
  /** By `root\nkey`, least recently used first (a Map keeps insertion order). */
  private readonly layouts = new Map<string, GraphLayout>();
  /** Per loaded project: by `root\npipeline`, the id its graph's layout is kept under. */
  private readonly keys = new WeakMap<object, Map<string, Known>>();

  get(id: string): GraphLayout | undefined {
    const layout = this.layouts.get(id);
    if (layout) {
      this.layouts.delete(id);
      this.layouts.set(id, layout);
    }
    return layout;
  }

  /** The layout of this pipeline's graph as last described from `source`, if still kept. */
  bySource(source: object, root: string, graph: PipelineGraph): GraphLayout | undefined {
    const known = this.keys.get(source)?.get(`${root}\n${graph.pipeline}`);
    // The counts guard against a source object changed in place (loaded projects are not).
    if (!known || known.nodes !== graph.nodes.length || known.edges !== graph.edges.length) return undefined;
    return this.get(known.id);
  }

  keep(id: string, layout: GraphLayout, source: object | undefined, graph: PipelineGraph): GraphLayout {
    this.layouts.delete(id);
    this.layouts.set(id, layout);
    while (this.layouts.size > KEEP) this.layouts.delete(this.layouts.keys().next().value!);
    if (source) {
      let perSource = this.keys.get(source);
      if (!perSource) this.keys.set(source, (perSource = new Map()));
      const root = id.slice(0, id.lastIndexOf('\n'));
      perSource.set(`${root}\n${graph.pipeline}`, { id, nodes: graph.nodes.length, edges: graph.edges.length });
    }
    return layout;
  }
}
