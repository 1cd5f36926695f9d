// Our own viewport culling for big graphs. vue-flow's onlyRenderVisibleElements re-walks every node
// and edge through Vue's reactivity on each pan frame (too slow from a few thousand nodes); here a
// plain grid answers "what is near the view", and vue-flow only ever holds that subset.
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Counts the grid cells a query looks at (tests inject one to check a query's cost). */
export interface CellProbe {
  cells: number;
}

/** An item spanning more cells than this is kept apart and tested by its rectangle (see `long`). */
const LONG_CELLS = 24;

export class GridIndex {
  /** By `cellKey`: a number, not a `cx,cy` string built per cell per item and per query. */
  private cells = new Map<number, string[]>();
  /**
   * Items spanning many cells (edges from a hub, such as a parameter every node reads, across a
   * wide graph): filing each in every cell it spans costs cells × items; a plain list tested by
   * rectangle costs one check per query each.
   */
  private long: Array<{ id: string; rect: Rect }> = [];
  /** Occupied cells, for queries whose range holds more cells than the grid has. */
  private occupied: Array<{ cx: number; cy: number; ids: string[] }> = [];
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;

  constructor(
    items: Array<{ id: string; rect: Rect }>,
    private readonly cell = 480,
    private readonly probe?: CellProbe,
  ) {
    for (const item of items) {
      const { id, rect } = item;
      const span =
        (Math.floor((rect.x + rect.width) / cell) - Math.floor(rect.x / cell) + 1) *
        (Math.floor((rect.y + rect.height) / cell) - Math.floor(rect.y / cell) + 1);
      if (span > LONG_CELLS) {
        this.long.push(item);
        continue;
      }
      for (let cx = Math.floor(rect.x / cell); cx <= Math.floor((rect.x + rect.width) / cell); cx++) {
        for (let cy = Math.floor(rect.y / cell); cy <= Math.floor((rect.y + rect.height) / cell); cy++) {
          const k = cellKey(cx, cy);
          let ids = this.cells.get(k);
          if (!ids) {
            ids = [];
            this.cells.set(k, ids);
            this.occupied.push({ cx, cy, ids });
            this.minX = Math.min(this.minX, cx);
            this.minY = Math.min(this.minY, cy);
            this.maxX = Math.max(this.maxX, cx);
            this.maxY = Math.max(this.maxY, cy);
          }
          ids.push(id);
        }
      }
    }
  }

  /**
   * The ids in cells that `r` touches. Zoomed far out the view spans millions of cells, nearly all
   * empty: the range is clipped to the occupied extent, and when it still holds more cells than are
   * occupied, the occupied cells are walked instead, so a query never costs more than the grid holds.
   */
  query(r: Rect, into = new Set<string>()): Set<string> {
    for (const { id, rect } of this.long) if (intersects(rect, r)) into.add(id);
    const c = this.cell;
    const x0 = Math.max(this.minX, Math.floor(r.x / c));
    const x1 = Math.min(this.maxX, Math.floor((r.x + r.width) / c));
    const y0 = Math.max(this.minY, Math.floor(r.y / c));
    const y1 = Math.min(this.maxY, Math.floor((r.y + r.height) / c));
    if (x0 > x1 || y0 > y1) return into;
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.occupied.length) {
      for (const { cx, cy, ids } of this.occupied) {
        if (this.probe) this.probe.cells++;
        if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) for (const id of ids) into.add(id);
      }
      return into;
    }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        if (this.probe) this.probe.cells++;
        for (const id of this.cells.get(cellKey(cx, cy)) ?? []) into.add(id);
      }
    }
    return into;
  }
}

/** One number per cell, unique while |cy| < 2^21 cells (a billion pixels at 480 px a cell). */
const cellKey = (cx: number, cy: number): number => cx * 4_194_304 + cy;

/** The part of the graph the pane shows at `viewport`, in graph coordinates. */
export function viewRect(v: { x: number; y: number; zoom: number }, pane: { width: number; height: number }): Rect {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, width: pane.width / v.zoom, height: pane.height / v.zoom };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

export function grow(r: Rect, by: number): Rect {
  return {
    x: r.x - r.width * by,
    y: r.y - r.height * by,
    width: r.width * (1 + 2 * by),
    height: r.height * (1 + 2 * by),
  };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
