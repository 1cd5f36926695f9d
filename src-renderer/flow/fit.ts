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

/** The pane's part left for the graph: clear of the minimap in the bottom-right when the pane is wide. */
function usable(pane: { width: number; height: number }): { width: number; height: number } {
  return { width: pane.width > 760 ? pane.width - 220 : pane.width, height: pane.height };
}

function wholeZoom(b: Rect, pane: { width: number; height: number }): number {
  const u = usable(pane);
  return Math.min((u.width * (1 - 2 * PAD)) / Math.max(b.width, 1), (u.height * (1 - 2 * PAD)) / Math.max(b.height, 1));
}

/** The canvas's lowest zoom for a graph with these bounds: low enough for Fit (and a little room below). */
export function minZoomFor(b: Rect, pane: { width: number; height: number }): number {
  if (pane.width <= 0 || pane.height <= 0) return MIN_ZOOM;
  return Math.min(MIN_ZOOM, wholeZoom(b, pane) / 2);
}

/** The viewport that shows the whole graph centred, its zoom within [minZoomFor, MAX_FIT_ZOOM]. */
export function fitViewport(b: Rect, pane: { width: number; height: number }): Viewport {
  const u = usable(pane);
  const zoom = Math.max(minZoomFor(b, pane), Math.min(MAX_FIT_ZOOM, wholeZoom(b, pane)));
  return { x: u.width / 2 - (b.x + b.width / 2) * zoom, y: u.height / 2 - (b.y + b.height / 2) * zoom, zoom };
}
