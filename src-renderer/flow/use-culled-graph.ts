import { markRaw, shallowRef } from 'vue';
import type { PipelineGraph } from '../../src-shared/contract';
import { GridIndex, contains, grow, viewRect, type Rect } from './cull';
import type { FlowEdge, FlowNode } from './index';
import type { Layout } from './layout-core';
import { bounds, toFlowEdges, toFlowNodes } from './to-flow';

/** Up to this many nodes vue-flow holds them all; above, only those near the view. */
export const CULL_ABOVE = 300;
const MARGIN = 0.8;
const CHUNK = 6;

type Sized = FlowNode & { dimensions: { width: number; height: number } };

/** How the culled subset reaches vue-flow: incremental adds and removes cost only what changes. */
export interface FlowSink {
  set(nodes: FlowNode[], edges: FlowEdge[]): void;
  add(nodes: FlowNode[], edges: FlowEdge[]): void;
  remove(nodeIds: string[], edgeIds: string[]): void;
}

export function useCulledGraph(sink: FlowSink) {
  const all = shallowRef<{ nodes: Sized[]; edges: FlowEdge[]; bounds: Rect; boxes: Array<{ rect: Rect; kind: string }> }>({
    nodes: [],
    edges: [],
    bounds: { x: 0, y: 0, width: 1, height: 1 },
    boxes: [],
  });
  let nodeIndex = new GridIndex([]);
  let edgeIndex = new GridIndex([]);
  let trigger: Rect | null = null;
  let target = new Set<string>();
  let targetEdges = new Set<string>();
  let mounted = new Set<string>();
  let queue: string[] = [];
  let ticking = false;
  let byId = new Map<string, Sized>();
  let edgeById = new Map<string, FlowEdge>();
  let edgesOf = new Map<string, FlowEdge[]>();
  let shownEdges = new Set<string>();

  function load(graph: PipelineGraph | null, layout: Layout): void {
    const ns = (graph ? toFlowNodes(graph, layout) : []) as Sized[];
    byId = new Map(ns.map((n) => [n.id, n]));
    const es = (graph ? toFlowEdges(graph, layout) : []).filter((e) => byId.has(e.source) && byId.has(e.target));
    edgeById = new Map(es.map((e) => [e.id, e]));
    edgesOf = new Map();
    for (const e of es) for (const end of [e.source, e.target]) (edgesOf.get(end) ?? edgesOf.set(end, []).get(end)!).push(e);
    const rect = (n: Sized): Rect => ({ x: n.position.x, y: n.position.y, width: n.dimensions.width, height: n.dimensions.height });
    const boxes = ns.map((n) => markRaw({ rect: rect(n), kind: n.type ?? 'function' }));
    all.value = { nodes: ns, edges: es, bounds: bounds(ns), boxes };
    trigger = null;
    mounted = new Set();
    queue = [];
    shownEdges = new Set();
    if (ns.length <= CULL_ABOVE) return sink.set(ns, es);
    sink.set([], []);
    nodeIndex = new GridIndex(ns.map((n) => ({ id: n.id, rect: rect(n) })));
    edgeIndex = new GridIndex(
      es.map((e) => {
        const a = rect(byId.get(e.source)!);
        const b = rect(byId.get(e.target)!);
        const x = Math.min(a.x, b.x);
        const y = Math.min(a.y, b.y);
        return { id: e.id, rect: { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y } };
      }),
    );
  }

  /** Called on every viewport change; does work only when the view nears the edge of what is drawn. */
  function update(viewport: { x: number; y: number; zoom: number }, pane: { width: number; height: number }): void {
    if (all.value.nodes.length <= CULL_ABOVE || pane.width === 0) return;
    const view = viewRect(viewport, pane);
    if (trigger && contains(trigger, view)) return;
    trigger = grow(view, MARGIN / 2);
    const area = grow(view, MARGIN);
    const ids = nodeIndex.query(area);
    targetEdges = edgeIndex.query(area);
    // An edge near the view needs both its ends in vue-flow, even when one end is far away.
    for (const e of all.value.edges) {
      if (!targetEdges.has(e.id)) continue;
      ids.add(e.source);
      ids.add(e.target);
    }
    target = ids;
    const gone = [...mounted].filter((id) => !target.has(id));
    for (const id of gone) mounted.delete(id);
    const goneEdges = [...shownEdges].filter((id) => !targetEdges.has(id) || !edgeEndsMounted(id));
    for (const id of goneEdges) shownEdges.delete(id);
    if (gone.length || goneEdges.length) sink.remove(gone, goneEdges);
    // Mount what is on screen now, the margin over the next frames: a vue-flow node costs ~1 ms to mount.
    const inView = nodeIndex.query(view);
    const later: string[] = [];
    const now: string[] = [];
    for (const id of target) {
      if (mounted.has(id)) continue;
      (inView.has(id) ? now : later).push(id);
    }
    queue = later;
    mount(now);
    if (queue.length && !ticking) {
      ticking = true;
      requestAnimationFrame(tick);
    }
  }

  function tick(): void {
    ticking = false;
    if (queue.length === 0) return;
    mount(queue.splice(0, CHUNK).filter((id) => target.has(id)));
    if (queue.length) {
      ticking = true;
      requestAnimationFrame(tick);
    }
  }

  function mount(ids: string[]): void {
    for (const id of ids) mounted.add(id);
    const fresh = ids.map((id) => byId.get(id)!).filter(Boolean);
    const es: FlowEdge[] = [];
    for (const id of ids) {
      for (const e of edgesOf.get(id) ?? []) {
        if (shownEdges.has(e.id) || !targetEdges.has(e.id) || !mounted.has(e.source) || !mounted.has(e.target)) continue;
        shownEdges.add(e.id);
        es.push(e);
      }
    }
    if (fresh.length || es.length) sink.add(fresh, es);
  }

  function edgeEndsMounted(id: string): boolean {
    const e = edgeById.get(id);
    return !!e && mounted.has(e.source) && mounted.has(e.target);
  }

  function find(id: string): Sized | undefined {
    return byId.get(id);
  }

  return { all, load, update, find };
}
