// Quick add (n8n's node search): everything the palette offers as one list, ranked against what
// the user types, so a node is added without the mouse.
import type { CatalogEntrySummary, JsonValue, ProjectFunction } from '../../../src-shared/contract';
import type { PaletteItem } from './palette';

export interface QuickItem {
  /** Unique in the list: what the option is called. */
  key: string;
  kind: 'function' | 'dataset' | 'parameter' | 'new';
  name: string;
  /** The file of a function, the type of a dataset. */
  detail: string;
  item: PaletteItem;
}

/** `params:a`, `params:a.b` … down to `depth` levels of parameters.yml. */
export function paramKeys(obj: Record<string, JsonValue>, prefix = '', depth = 2): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = `${prefix}${k}`;
    const nested =
      depth > 1 && v && typeof v === 'object' && !Array.isArray(v)
        ? paramKeys(v as Record<string, JsonValue>, `${key}.`, depth - 1)
        : [];
    return [`params:${key}`, ...nested];
  });
}

export function quickItems(
  functions: readonly ProjectFunction[],
  catalog: readonly Pick<CatalogEntrySummary, 'name' | 'type' | 'isPattern'>[],
  parameters: Record<string, JsonValue>,
): QuickItem[] {
  return [
    ...functions.map((f) => ({
      key: `fn:${f.ref}`,
      kind: 'function' as const,
      name: f.name,
      detail: f.file,
      item: { kind: 'function' as const, ref: f.ref },
    })),
    ...catalog
      .filter((c) => !c.isPattern)
      .map((c) => ({
        key: `ds:${c.name}`,
        kind: 'dataset' as const,
        name: c.name,
        detail: c.type,
        item: { kind: 'dataset' as const, name: c.name, datasetType: c.type },
      })),
    ...['parameters', ...paramKeys(parameters)].map((p) => ({
      key: `ds:${p}`,
      kind: 'parameter' as const,
      name: p,
      detail: 'parameters.yml',
      item: { kind: 'dataset' as const, name: p, datasetType: 'parameter' },
    })),
  ];
}

/** How well `name` matches `q` (lower case): 0 exact, 1 prefix, 2 at a word start, 3 inside, 4 letters in order; null for none. */
export function matchRank(name: string, q: string): number | null {
  const n = name.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  // Word starts: after _ . : / - or a lower-to-upper case step (camelCase).
  for (let i = 1; i < name.length; i++) {
    const wordStart = /[_.:/-]/.test(name[i - 1]) || (/[a-z0-9]/.test(name[i - 1]) && /[A-Z]/.test(name[i]));
    if (wordStart && n.startsWith(q, i)) return 2;
  }
  if (n.includes(q)) return 3;
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length ? 4 : null;
}

const KIND_ORDER = { function: 0, dataset: 1, parameter: 2, new: 3 } as const;

/**
 * The items matching `query`, best first (then functions before datasets, shorter names first);
 * a name that is no dataset yet is offered as a new memory dataset.
 */
export function searchItems(items: readonly QuickItem[], query: string, limit = 50): QuickItem[] {
  const q = query.trim().toLowerCase();
  const ranked = items
    .map((it) => ({ it, rank: q ? matchRank(it.name, q) : 0 }))
    .filter((r): r is { it: QuickItem; rank: number } => r.rank !== null)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        KIND_ORDER[a.it.kind] - KIND_ORDER[b.it.kind] ||
        a.it.name.length - b.it.name.length ||
        a.it.name.localeCompare(b.it.name),
    )
    .map((r) => r.it)
    .slice(0, limit);
  const name = query.trim();
  if (
    /^[\w.:-]+$/.test(name) &&
    !name.startsWith('params:') &&
    !items.some((it) => it.kind !== 'function' && it.name === name)
  )
    ranked.push({
      key: `new:${name}`,
      kind: 'new',
      name,
      detail: 'new memory dataset',
      item: { kind: 'dataset', name, datasetType: 'MemoryDataset' },
    });
  return ranked;
}
