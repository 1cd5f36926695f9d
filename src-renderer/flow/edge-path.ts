type Pt = [number, number];

/** A smooth path from the source handle through dagre's bend points to the target handle. */
export function routedPath(sx: number, sy: number, tx: number, ty: number, bends: Pt[]): string {
  const pts: Pt[] = [[sx, sy], ...bends, [tx, ty]];
  let d = `M${sx},${sy}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [px, py] = pts[i - 1];
    const [cx, cy] = pts[i];
    const [nx, ny] = pts[i + 1];
    const a: Pt = i === 1 ? [px, py] : [(px + cx) / 2, (py + cy) / 2];
    d += `${i === 1 ? '' : ` L${a[0]},${a[1]}`} Q${cx},${cy} ${(cx + nx) / 2},${(cy + ny) / 2}`;
  }
  return `${d} L${tx},${ty}`;
}
