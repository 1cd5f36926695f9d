// Culling for big graphs. On the 1,000-function benchmark every change to vue-flow's node list was
// slow because each vue-flow edge re-renders when any node is added or removed (its render
// looks both ends up in a lookup rebuilt per change). So vue-flow holds only nodes near the view and
// no edges; FarLayer.vue draws the edges and stand-in boxes in a few SVG paths, and nodes join
// vue-flow a measured batch per frame. Zoomed far out, vue-flow holds nothing (n8n's LOD).
import { markRaw, nextTick, shallowRef } from 'vue';
import type { PipelineGraph } from '../../src-shared/contract';
import { GridIndex, contains, grow, viewRect, type CellProbe, type Rect } from './cull';
import type { FlowEdge, FlowNode } from './index';
import type { Layout } from '../../src-shared/graph-layout/layout-core';
import { bounds, toFlowEdges, toFlowNodes } from './to-flow';

/** Up to this many nodes vue-flow holds them all; above, only those near the view. */
export const CULL_ABOVE = 300;
/** Below this zoom a big graph is drawn by the far layer alone (n8n's level of detail): boxes, no vue-flow nodes. */
export const LOD_ZOOM = 0.42;
/** vue-flow holds the nodes within this fraction of the view around it; the far layer draws the rest as boxes. */
const MARGIN = 0.5;
/** Main-thread time per frame spent mounting vue-flow nodes (render included), so a pan frame never waits long for it. */
const SLICE_MS = 6;
/** Nodes removed per slice: removal splices vue-flow's reactive array, O(nodes) each. */
const DROP_PER_SLICE = 16;
const MAX_BATCH = 24;
/**
 * vue-flow nodes join or leave only once the view has held still this long: each change restyles
 * and lays out the nodes' DOM, which during a wheel zoom or a drag made frames long, while the far
 * layer's boxes and the canvas's edges already show the area.
 */
export const SETTLE_MS = 120;

export type Sized = FlowNode & { dimensions: { width: number; height: number } };

/** How the culled subset reaches vue-flow: incremental adds and removes cost only what changes. */
export interface FlowSink {
  set(nodes: FlowNode[], edges: FlowEdge[]): void;
  add(nodes: FlowNode[], edges: FlowEdge[]): void;
  remove(nodeIds: string[], edgeIds: string[]): void;
}

/**
 * What the far layer draws for a big graph: every edge near the view (vue-flow holds no edges then,
 * since each vue-flow edge re-renders whenever any node is added or removed), and a box for every
 * node near the view that vue-flow does not hold (yet), so nothing is ever blank.
 */
export interface FarLayer {
  active: boolean;
  edges: FlowEdge[];
  nodes: Sized[];
  /** The nodes vue-flow holds (no box drawn for them). */
  mounted: ReadonlySet<string>;
  /** Bumped on each publication. */
  version: number;
}

/**
 * Runs `fn` at the start of the next frame with the time it may take. Idle callbacks were tried
 * first: in Chromium they starve while frames keep coming (most ran only at their timeout, so a
 * view filled at a few nodes a second); a fixed slice per frame fills it at hundreds a second.
 */
export type Scheduler = (fn: (timeLeft: () => number) => void) => void;

export const frameScheduler: Scheduler = (fn) => {
  requestAnimationFrame(() => fn(() => SLICE_MS));
};

export function useCulledGraph(
  sink: FlowSink,
  schedule: Scheduler = frameScheduler,
  rendered: () => Promise<void> = () => nextTick(),
  /** Counts the grid cells the culling queries look at (for tests). */
  probe?: CellProbe,
  /** How long the view holds still before nodes are mounted or dropped, and the clock it is read by. */
  settle: { ms: number; now: () => number } = {
    ms: schedule === frameScheduler ? SETTLE_MS : 0,
    now: () => performance.now(),
  },
) {
  const all = shallowRef<{
    nodes: Sized[];
    edges: FlowEdge[];
    bounds: Rect;
    boxes: Array<{ rect: Rect; kind: string }>;
  }>({
    nodes: [],
    edges: [],
    bounds: { x: 0, y: 0, width: 1, height: 1 },
    boxes: [],
  });
  const far = shallowRef<FarLayer>({ active: false, edges: [], nodes: [], mounted: new Set(), version: 0 });
  let nodeIndex = new GridIndex([]);
  let edgeIndex = new GridIndex([]);
  let trigger: Rect | null = null;
  let lod = false;
  let target = new Set<string>();
  let mounted = new Set<string>();
  let queue: string[] = [];
  let drops: string[] = [];
  let ticking = false;
  let firstView = true;
  /** Nodes mounted per frame, adapted to the measured cost of the last batch. */
  let batch = 4;
  let generation = 0;
  let turn = 0;
  let byId = new Map<string, Sized>();
  let edgeById = new Map<string, FlowEdge>();
  let areaNodes: Sized[] = [];
  let areaEdges: FlowEdge[] = [];
  let movedAt = -Infinity;

  function load(graph: PipelineGraph | null, layout: Layout): void {
    const ns = (graph ? toFlowNodes(graph, layout) : []) as Sized[];
    byId = new Map(ns.map((n) => [n.id, n]));
    const es = (graph ? toFlowEdges(graph, layout) : []).filter((e) => byId.has(e.source) && byId.has(e.target));
    edgeById = new Map(es.map((e) => [e.id, e]));
    const rects = ns.map(rectOf);
    // One raw list: its boxes need no reactivity each.
    const boxes = markRaw(ns.map((n, i) => ({ rect: rects[i], kind: n.type ?? 'function' })));
    all.value = { nodes: ns, edges: es, bounds: bounds(ns), boxes };
    trigger = null;
    lod = false;
    mounted = new Set();
    target = new Set();
    queue = [];
    drops = [];
    firstView = true;
    ticking = false;
    generation++;
    areaNodes = [];
    areaEdges = [];
    if (ns.length <= CULL_ABOVE) {
      far.value = { active: false, edges: [], nodes: [], mounted, version: 0 };
      return sink.set(ns, es);
    }
    sink.set([], []);
    far.value = { active: true, edges: [], nodes: [], mounted, version: 0 };
    nodeIndex = new GridIndex(
      ns.map((n, i) => ({ id: n.id, rect: rects[i] })),
      undefined,
      probe,
    );
    const rectById = new Map(ns.map((n, i) => [n.id, rects[i]]));
    edgeIndex = new GridIndex(
      es.map((e) => {
        const a = rectById.get(e.source)!;
        const b = rectById.get(e.target)!;
        const x = Math.min(a.x, b.x);
        const y = Math.min(a.y, b.y);
        return {
          id: e.id,
          rect: {
            x,
            y,
            width: Math.max(a.x + a.width, b.x + b.width) - x,
            height: Math.max(a.y + a.height, b.y + b.height) - y,
          },
        };
      }),
      undefined,
      probe,
    );
  }

  /** Called on every viewport change; does work only when the view nears the edge of what is drawn, or crosses the LOD zoom. */
  function update(viewport: { x: number; y: number; zoom: number }, pane: { width: number; height: number }): void {
    if (!far.value.active || pane.width === 0) return;
    movedAt = settle.now();
    const view = viewRect(viewport, pane);
    const nextLod = viewport.zoom < LOD_ZOOM;
    if (trigger && nextLod === lod && contains(trigger, view)) return;
    lod = nextLod;
    trigger = grow(view, MARGIN / 2);
    const area = grow(view, MARGIN);
    // Zoomed far out every node is a few pixels tall: the far layer draws them all, vue-flow holds none.
    if (lod && contains(area, all.value.bounds)) {
      // The whole graph (Fit): its lists as they are, without querying and copying 20,000 ids.
      areaNodes = all.value.nodes;
      areaEdges = all.value.edges;
      target = new Set();
    } else {
      const ids = nodeIndex.query(area);
      areaNodes = [...ids].map((id) => byId.get(id)!);
      areaEdges = [...edgeIndex.query(area)].map((id) => edgeById.get(id)!);
      target = lod ? new Set() : ids;
    }
    // Leaving nodes go in the frame slices too: until then they are merely drawn off-screen.
    drops = [...mounted].filter((id) => !target.has(id));
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    const want: Sized[] = [];
    for (const id of target) if (!mounted.has(id)) want.push(byId.get(id)!);
    const dist = (n: Sized) =>
      Math.abs(n.position.x + n.dimensions.width / 2 - cx) + Math.abs(n.position.y + n.dimensions.height / 2 - cy);
    queue = want.sort((a, b) => dist(a) - dist(b)).map((n) => n.id);
    // Opening a graph draws its view at once; afterwards the far layer's boxes stand in until mounted.
    // (A first view without nodes does not count: the next one with nodes is drawn at once.)
    if (firstView && !lod) {
      const inView = nodeIndex.query(view);
      const now = queue.filter((id) => inView.has(id));
      if (now.length) {
        firstView = false;
        mount(now);
        queue = queue.filter((id) => !mounted.has(id));
      }
    }
    publish();
    kick();
  }

  function kick(): void {
    if ((queue.length || drops.length) && !ticking) {
      ticking = true;
      schedule(slice);
    }
  }

  /**
   * One frame's slice: drop some leaving nodes, then mount one batch of nodes. Each change to
   * vue-flow's node list has a fixed cost (its lists and lookups recompute) besides each node's own,
   * so one batch per frame, sized to fit the slice by the last batch's measured cost, render included.
   */
  async function slice(timeLeft: () => number): Promise<void> {
    const gen = generation;
    if (settle.now() - movedAt < settle.ms) {
      // Still moving: ask again next frame, changing nothing.
      ticking = false;
      return kick();
    }
    const budget = timeLeft();
    const t0 = performance.now();
    // A slice either drops or mounts (each change's render lands in the same frame): mounting comes
    // first, leaving nodes go every other frame meanwhile, then all the remaining frames.
    let n = batch;
    if (drops.length && (!queue.length || ++turn & 1)) {
      // Zoomed far out the canvas draws every node and vue-flow's are hidden (GraphCanvas): they
      // leave in slices like any others, so the frame that crosses the LOD zoom stays short.
      const out = drops.splice(0, DROP_PER_SLICE).filter((id) => mounted.has(id) && !target.has(id));
      for (const id of out) mounted.delete(id);
      if (out.length) {
        sink.remove(out, []);
        n = 0;
      }
    }
    const ids: string[] = [];
    while (ids.length < n && queue.length) {
      const id = queue.shift()!;
      if (target.has(id) && !mounted.has(id)) ids.push(id);
    }
    mount(ids);
    // The far layer's boxes are redrawn once the queue is done, not per batch (a repaint of the layer).
    if (!queue.length) publish();
    await rendered();
    if (gen !== generation) return;
    const cost = performance.now() - t0;
    if (n && ids.length === batch) {
      if (cost > budget) batch = Math.max(1, Math.floor(batch * 0.6));
      else if (cost < budget * 0.7) batch = Math.min(MAX_BATCH, batch + Math.ceil(batch / 2));
    }
    ticking = false;
    kick();
  }

  function mount(ids: string[]): void {
    if (!ids.length) return;
    for (const id of ids) mounted.add(id);
    sink.add(
      ids.map((id) => byId.get(id)!),
      [],
    );
  }

  function publish(): void {
    far.value = { active: true, edges: areaEdges, nodes: areaNodes, mounted, version: far.value.version + 1 };
  }

  function find(id: string): Sized | undefined {
    return byId.get(id);
  }

  /** The node under a graph point, for clicks on the far layer's boxes. */
  function hit(x: number, y: number): Sized | undefined {
    if (!far.value.active) return undefined;
    for (const id of nodeIndex.query({ x, y, width: 0, height: 0 })) {
      const n = byId.get(id)!;
      if (
        x >= n.position.x &&
        x <= n.position.x + n.dimensions.width &&
        y >= n.position.y &&
        y <= n.position.y + n.dimensions.height
      )
        return n;
    }
    return undefined;
  }

  return { all, far, load, update, find, hit };
}

function rectOf(n: Sized): Rect {
  return { x: n.position.x, y: n.position.y, width: n.dimensions.width, height: n.dimensions.height };
}
