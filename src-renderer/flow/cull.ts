// Our own viewport culling for big graphs. vue-flow's onlyRenderVisibleElements re-walks every node
// and edge through Vue's reactivity on each pan frame (~40 ms at 2,500 nodes); here a plain grid
// answers "what is near the view", and vue-flow only ever holds that subset.
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class GridIndex {
  private cells = new Map<string, string[]>();

  constructor(items: Array<{ id: string; rect: Rect }>, private readonly cell = 480) {
    for (const { id, rect } of items) {
      for (let cx = Math.floor(rect.x / cell); cx <= Math.floor((rect.x + rect.width) / cell); cx++) {
        for (let cy = Math.floor(rect.y / cell); cy <= Math.floor((rect.y + rect.height) / cell); cy++) {
          const k = `${cx},${cy}`;
          (this.cells.get(k) ?? this.cells.set(k, []).get(k)!).push(id);
        }
      }
    }
  }

  query(r: Rect, into = new Set<string>()): Set<string> {
    const c = this.cell;
    for (let cx = Math.floor(r.x / c); cx <= Math.floor((r.x + r.width) / c); cx++) {
      for (let cy = Math.floor(r.y / c); cy <= Math.floor((r.y + r.height) / c); cy++) {
        for (const id of this.cells.get(`${cx},${cy}`) ?? []) into.add(id);
      }
    }
    return into;
  }
}

/** The part of the graph the pane shows at `viewport`, in graph coordinates. */
export function viewRect(v: { x: number; y: number; zoom: number }, pane: { width: number; height: number }): Rect {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, width: pane.width / v.zoom, height: pane.height / v.zoom };
}

export function grow(r: Rect, by: number): Rect {
  return { x: r.x - r.width * by, y: r.y - r.height * by, width: r.width * (1 + 2 * by), height: r.height * (1 + 2 * by) };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}
