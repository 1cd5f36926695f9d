// Arrow keys move the graph's one tab stop to the nearest node in that direction (spatial
// navigation): the closest by distance along the arrow, sideways offsets weighing more.
export type Direction = 'up' | 'down' | 'left' | 'right';

export const ARROWS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

interface Box {
  id: string;
  position: { x: number; y: number };
  dimensions: { width: number; height: number };
}

const centre = (n: Box) => [n.position.x + n.dimensions.width / 2, n.position.y + n.dimensions.height / 2];

export function neighbour<T extends Box>(nodes: readonly T[], from: T, dir: Direction): T | undefined {
  const [fx, fy] = centre(from);
  let best: T | undefined;
  let bestScore = Infinity;
  for (const n of nodes) {
    if (n === from) continue;
    const [x, y] = centre(n);
    const along = dir === 'down' ? y - fy : dir === 'up' ? fy - y : dir === 'right' ? x - fx : fx - x;
    const side = dir === 'down' || dir === 'up' ? Math.abs(x - fx) : Math.abs(y - fy);
    if (along <= 1) continue;
    // Along a row (left/right) a node of another row comes only when the row has no more.
    const score = along + side * (dir === 'left' || dir === 'right' ? 8 : 2);
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}

/** The first stop: the top-most node, leftmost among those. */
export function firstStop<T extends Box>(nodes: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const n of nodes)
    if (!best || n.position.y < best.position.y || (n.position.y === best.position.y && n.position.x < best.position.x))
      best = n;
  return best;
}
