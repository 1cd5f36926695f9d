// The host lays graphs out, so the page gets positions with the graph and draws at once: on a
// thread of its own (a 10,000-node graph takes a while), cached by graph under the project's
// .pipewright/layouts/ and, for the last few, in memory. Any failure leaves the graph without a
// layout: the page then lays it out.
import type { GraphLayout, PipelineGraph } from '../../src-shared/api-types';
import type { LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { readCachedLayout, writeCachedLayout } from './graph-layout-cache';
import { firstViewLayoutInput } from './graph-layout-input';
import { RecentLayouts } from './graph-layout-recent';
import { OwnThread, ownThreadFile } from './own-thread';

type Packed = { xy: Float64Array; edges: GraphLayout['edges'] };
type Reply =
  { id: number; ok: true; xy: Float64Array; edges: GraphLayout['edges'] } | { id: number; ok: false; message: string };

export class GraphLayouts {
  private readonly thread: OwnThread<{ input: LayoutInput }, Reply> | null;
  /** One computation per graph at a time (the page's early request and its store's may overlap). */
  private readonly running = new Map<string, Promise<GraphLayout>>();
  private readonly writes = new Set<Promise<void>>();
  private readonly recent = new RecentLayouts();
  private closed = false;

  /** `file` null: the same layout on this thread (a build without the thread's bundle). */
  constructor(file: string | null = ownThreadFile('graph-layout-worker-main', 'graph-layout-worker.js') ?? null) {
    this.thread = file
      ? new OwnThread(file, (message) => new Error(`The graph layout thread stopped: ${message}`))
      : null;
  }

  /** The graph with the host's layout of it, unless pipelines/<name>.json places its nodes. */
  async attach(root: string, graph: PipelineGraph): Promise<PipelineGraph> {
    if (graph.hasPositions || graph.nodes.length === 0) return graph;
    try {
      return { ...graph, layout: await this.layOut(root, graph) };
    } catch {
      return graph;
    }
  }

  async layOut(root: string, graph: PipelineGraph): Promise<GraphLayout> {
    const { input, key } = firstViewLayoutInput(graph);
    const id = `${root}\n${key}`;
    const kept = this.recent.get(id);
    if (kept) return this.recent.keep(id, kept);
    const under = this.running.get(id);
    if (under) return under;
    const result = (async () => {
      const cached = await readCachedLayout(root, key, input.nodes.length);
      if (cached) return cached;
      const packed = await this.compute(input);
      const layout: GraphLayout = { key, xy: Array.from(packed.xy), edges: packed.edges };
      if (this.closed) return layout; // the host is closing: nothing more goes into the project
      // The reply does not wait for the cache (writeCachedLayout never throws).
      const write = writeCachedLayout(root, layout).finally(() => this.writes.delete(write));
      this.writes.add(write);
      return layout;
    })();
    this.running.set(id, result);
    try {
      return this.recent.keep(id, await result);
    } finally {
      this.running.delete(id);
    }
  }

  /** Resolves once the cache files being written are written. */
  async written(): Promise<void> {
    while (this.writes.size) await Promise.all(this.writes);
  }

  /** Starts the thread ahead of the first graph (the page's first request), so its start is not on the graph's way. */
  warm(): void {
    this.thread?.warm();
  }

  close(): void {
    this.closed = true;
    this.thread?.close();
  }

  private async compute(input: LayoutInput): Promise<Packed> {
    if (!this.thread) {
      const [{ computeLayout }, { packLayout }] = await Promise.all([
        import('../../src-shared/graph-layout/layout-core'),
        import('../../src-shared/graph-layout/layout-pack'),
      ]);
      return packLayout(input, computeLayout(input));
    }
    const reply = await this.thread.request({ input });
    if (!reply.ok) throw new Error(reply.message);
    return { xy: reply.xy, edges: reply.edges };
  }
}
