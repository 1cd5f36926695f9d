// Fitting the whole graph into the pane, and the zoom range that makes that possible.
// Fit shows the whole graph, however big: at that scale the far layer draws every node as a box in
// a few paths (cheap at any size) and the shape of the pipeline reads, which is what Fit is asked
// for; fitting to a readable part instead would hide where the rest is. So the lowest zoom follows
// the graph: the usual floor, or lower when the graph needs it to fit.
import type { Rect } from './cull';

/** The lowest zoom of graphs that fit above it. */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2.5;
/** Fit never enlarges a small graph past this. */
const MAX_FIT_ZOOM = 1.2;
const PAD = 0.06;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Labels are 13 px at zoom 1: at this zoom they are 11 px on screen, the least that reads. */
export const READABLE_ZOOM = 11 / 13;
/** Room kept clear of the minimap (its width and margins) when it is shown. */
export const MINIMAP_ROOM = 224;

export interface Pane {
  width: number;
  height: number;
  /** Width kept free on the right, where the minimap is. */
  reserveRight?: number;
}

/** The pane's part left for the graph: clear of the minimap on the right when it is shown. */
function usable(pane: Pane): { width: number; height: number } {
  return { width: Math.max(1, pane.width - (pane.reserveRight ?? 0)), height: pane.height };
}

function wholeZoom(b: Rect, pane: Pane): number {
  const u = usable(pane);
  return Math.min((u.width * (1 - 2 * PAD)) / Math.max(b.width, 1), (u.height * (1 - 2 * PAD)) / Math.max(b.height, 1));
}

/** The canvas's lowest zoom for a graph with these bounds: low enough for Fit (and a little room below). */
export function minZoomFor(b: Rect, pane: { width: number; height: number }): number {
  if (pane.width <= 0 || pane.height <= 0) return MIN_ZOOM;
  return Math.min(MIN_ZOOM, wholeZoom(b, pane) / 2);
}

/** The viewport that shows the whole graph centred, its zoom within [minZoomFor, MAX_FIT_ZOOM]. */
export function fitViewport(b: Rect, pane: Pane): Viewport {
  const u = usable(pane);
  const zoom = Math.max(minZoomFor(b, pane), Math.min(MAX_FIT_ZOOM, wholeZoom(b, pane)));
  return { x: u.width / 2 - (b.x + b.width / 2) * zoom, y: u.height / 2 - (b.y + b.height / 2) * zoom, zoom };
}

/** Whether the whole graph fits the pane with its labels readable. */
export function fitsReadable(b: Rect, pane: Pane): boolean {
  return wholeZoom(b, pane) >= READABLE_ZOOM;
}

/**
 * The view a graph opens on: the whole graph when it fits with readable labels; otherwise a
 * readable region at its top (the first rows, as wide as the pane allows), centred on the nodes
 * there, so the first screen is never an unreadable whole. `top` are the graph's node boxes.
 */
export function openingViewport(b: Rect, pane: Pane, boxes: Rect[]): Viewport {
  if (fitsReadable(b, pane)) return fitViewport(b, pane);
  const u = usable(pane);
  // The least readable zoom shows the most of the graph.
  const zoom = READABLE_ZOOM;
  const pad = u.height * PAD;
  const bottom = b.y + (u.height - pad) / zoom;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const r of boxes)
    if (r.y < bottom) {
      x0 = Math.min(x0, r.x);
      x1 = Math.max(x1, r.x + r.width);
    }
  if (!Number.isFinite(x0)) [x0, x1] = [b.x, b.x + b.width];
  // The first rows wider than the pane: start at their left end rather than cut both sides.
  const cx = (x1 - x0) * zoom > u.width * (1 - 2 * PAD) ? x0 + (u.width * (0.5 - PAD)) / zoom : (x0 + x1) / 2;
  return { x: u.width / 2 - cx * zoom, y: pad - b.y * zoom, zoom };
}
