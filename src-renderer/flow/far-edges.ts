// The edges of a big graph's far layer as path data, grouped by emphasis the way PlainEdge classes
// them: one line path and one arrow path per group. FarCanvas.vue turns each into a Path2D once per
// change of the drawn area or the emphasis; a zoom or pan only changes the canvas's transform.
import type { Emphasis } from '../stores/graph';
import { routedPath } from './edge-path';
import { getBezierPath, Position, type FlowEdge } from './index';
import type { Sized } from './use-culled-graph';

export type EdgeGroup = 'plain' | 'lit' | 'dim';
export interface EdgePaths {
  group: EdgeGroup;
  d: string;
  arrow: string;
}

interface EdgeGeo {
  d: string;
  arrow: string;
}
// Geometry per edge object, kept across views: a new layout brings new edge objects.
const cache = new WeakMap<object, EdgeGeo>();

export function edgeGeometry(e: FlowEdge, find: (id: string) => Sized | undefined): EdgeGeo | null {
  const hit = cache.get(e);
  if (hit) return hit;
  const s = find(e.source);
  const t = find(e.target);
  if (!s || !t) return null;
  const sx = s.position.x + s.dimensions.width / 2;
  const sy = s.position.y + s.dimensions.height;
  const tx = t.position.x + t.dimensions.width / 2;
  const ty = t.position.y;
  const bends = (e.data as { bends?: Array<[number, number]> } | undefined)?.bends;
  const d = bends
    ? routedPath(sx, sy, tx, ty, bends)
    : getBezierPath({
        sourceX: sx,
        sourceY: sy,
        targetX: tx,
        targetY: ty,
        sourcePosition: Position.Bottom,
        targetPosition: Position.Top,
      })[0];
  // The arrowhead of #pw-arrow (7 units at stroke 1.4 ≈ 9.8 px), pointing along the last segment.
  const [px, py] = bends?.length ? bends[bends.length - 1] : [tx, ty - 1];
  const len = Math.hypot(tx - px, ty - py) || 1;
  const ux = (tx - px) / len;
  const uy = (ty - py) / len;
  const L = 8.8;
  const W = 4.9;
  const bx = tx - ux * L;
  const by = ty - uy * L;
  const arrow = `M${r(tx + ux)},${r(ty + uy)}L${r(bx - uy * W)},${r(by + ux * W)}L${r(bx + uy * W)},${r(by - ux * W)}Z`;
  const geo = { d, arrow };
  cache.set(e, geo);
  return geo;
}

function r(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The group an edge is drawn in: lit when both ends are lit or selected, dim when either end is emphasised otherwise. */
export function edgeGroup(em: Readonly<Record<string, Emphasis | undefined>>, e: FlowEdge): EdgeGroup {
  const a = em[e.source];
  const b = em[e.target];
  return (a === 'lit' || a === 'sel') && (b === 'lit' || b === 'sel') ? 'lit' : a || b ? 'dim' : 'plain';
}

/** Edges in at most three paths (dim, plain, lit: the drawing order), each with its arrowheads. */
export function farEdgePaths(
  edges: readonly FlowEdge[],
  find: (id: string) => Sized | undefined,
  em: Readonly<Record<string, Emphasis | undefined>>,
): EdgePaths[] {
  const groups: Record<EdgeGroup, { d: string[]; arrow: string[] }> = {
    plain: { d: [], arrow: [] },
    lit: { d: [], arrow: [] },
    dim: { d: [], arrow: [] },
  };
  for (const e of edges) {
    const geo = edgeGeometry(e, find);
    if (!geo) continue;
    const g = groups[edgeGroup(em, e)];
    g.d.push(geo.d);
    g.arrow.push(geo.arrow);
  }
  return (['dim', 'plain', 'lit'] as const)
    .filter((g) => groups[g].d.length)
    .map((g) => ({ group: g, d: groups[g].d.join(''), arrow: groups[g].arrow.join('') }));
}
