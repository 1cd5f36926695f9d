// The host lays graphs out, so the page gets positions with the graph and draws at once: on a
// thread of its own (a 10,000-node graph takes a while), cached by graph under the project's
// .pipewright/layouts/. Any failure leaves the graph without a layout: the page then lays it out.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GraphLayout, PipelineGraph } from '../../src-shared/api-types';
import type { LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { readCachedLayout, writeCachedLayout } from './graph-layout-cache';
import { firstViewLayoutInput } from './graph-layout-input';

type Packed = { xy: Float64Array; edges: GraphLayout['edges'] };
type Reply =
  { id: number; ok: true; xy: Float64Array; edges: GraphLayout['edges'] } | { id: number; ok: false; message: string };

/** Where the thread's code is: the jiti bootstrap beside the sources, or the build's bundle beside the app's main file. */
function workerFile(): string | undefined {
  if (existsSync(join(__dirname, 'graph-layout-worker-main.ts')))
    return join(__dirname, 'graph-layout-worker-bootstrap.cjs');
  const built = join(__dirname, 'graph-layout-worker.js');
  return existsSync(built) ? built : undefined;
}

export class GraphLayouts {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (p: Packed) => void; reject: (e: Error) => void }>();
  /** One computation per graph at a time (the page's early request and its store's may overlap). */
  private readonly running = new Map<string, Promise<GraphLayout>>();
  private readonly writes = new Set<Promise<void>>();
  private seq = 0;

  /** `file` null: the same layout on this thread (a build without the thread's bundle). */
  constructor(private readonly file: string | null = workerFile() ?? null) {}

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
    const known = this.running.get(id);
    if (known) return known;
    const result = (async () => {
      const cached = await readCachedLayout(root, key, input.nodes.length);
      if (cached) return cached;
      const packed = await this.compute(input);
      const layout: GraphLayout = { key, xy: Array.from(packed.xy), edges: packed.edges };
      // The reply does not wait for the cache (writeCachedLayout never throws).
      const write = writeCachedLayout(root, layout).finally(() => this.writes.delete(write));
      this.writes.add(write);
      return layout;
    })();
    this.running.set(id, result);
    try {
      return await result;
    } finally {
      this.running.delete(id);
    }
  }

  /** Resolves once the cache files being written are written. */
  async written(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** Starts the thread ahead of the first graph (the page's first request), so its start is not on the graph's way. */
  warm(): void {
    if (this.file) this.thread();
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private async compute(input: LayoutInput): Promise<Packed> {
    if (!this.file) {
      const [{ computeLayout }, { packLayout }] = await Promise.all([
        import('../../src-shared/graph-layout/layout-core'),
        import('../../src-shared/graph-layout/layout-pack'),
      ]);
      return packLayout(input, computeLayout(input));
    }
    const worker = this.thread();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file!);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve({ xy: reply.xy, edges: reply.edges });
      else p.reject(new Error(reply.message));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`The graph layout thread stopped: ${err.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
