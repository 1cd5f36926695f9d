import { ProjectError } from './project-error';
import type { CatalogEntry } from './types';

const PLACEHOLDER = /\{([^{}]*)\}/g;

export const isPattern = (name: string) => /\{[^{}]*\}/.test(name);

interface CompiledPattern {
  pattern: string;
  regex: RegExp;
  keys: string[];
  entry: CatalogEntry;
}

/** Kedro's order: more characters outside braces first, then more placeholders, then alphabetical. */
export function sortPatterns(patterns: string[]): string[] {
  const literal = (p: string) => p.replace(PLACEHOLDER, '').length;
  const holes = (p: string) => (p.match(PLACEHOLDER) ?? []).length;
  return [...patterns].sort((a, b) => literal(b) - literal(a) || holes(b) - holes(a) || (a < b ? -1 : a > b ? 1 : 0));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Dataset factories: entries whose name holds `{placeholders}`. A name matching a pattern gets the
 * pattern's entry with the placeholders filled into its strings.
 */
export class DatasetPatterns {
  private readonly compiled: CompiledPattern[];

  constructor(entries: Record<string, CatalogEntry>, sources: Record<string, string>) {
    const names = sortPatterns(Object.keys(entries).filter(isPattern));
    const catchAll = names.filter((p) => p.replace(PLACEHOLDER, '') === '');
    if (catchAll.length > 1) {
      throw new ProjectError(
        `Multiple catch-all patterns found in the catalog: ${catchAll.map((p) => `'${p}' (${sources[p]})`).join(', ')}. Keep one.`,
      );
    }
    this.compiled = names.map((pattern) => this.compile(pattern, entries[pattern], sources[pattern]));
  }

  get patterns(): string[] {
    return this.compiled.map((c) => c.pattern);
  }

  /** The first pattern (by specificity) matching the name, with its filled entry. */
  match(name: string): { pattern: string; entry: CatalogEntry } | undefined {
    for (const c of this.compiled) {
      const m = c.regex.exec(name);
      if (!m) continue;
      const values: Record<string, string> = {};
      c.keys.forEach((k, i) => (values[k] = m[i + 1]));
      return { pattern: c.pattern, entry: fill(c.entry, values) as CatalogEntry };
    }
    return undefined;
  }

  private compile(pattern: string, entry: CatalogEntry, source: string): CompiledPattern {
    const keys: string[] = [];
    let regex = '^';
    let last = 0;
    for (const m of pattern.matchAll(PLACEHOLDER)) {
      const key = m[1].split(':')[0];
      if (!key)
        throw new ProjectError(
          `Dataset pattern '${pattern}' in ${source}: every placeholder needs a name, as in '{name}_csv'.`,
        );
      regex += escape(pattern.slice(last, m.index)) + (keys.includes(key) ? `\\${keys.indexOf(key) + 1}` : '(.+?)');
      if (!keys.includes(key)) keys.push(key);
      last = m.index! + m[0].length;
    }
    regex += `${escape(pattern.slice(last))}$`;
    for (const used of placeholdersIn(entry)) {
      if (!keys.includes(used)) {
        throw new ProjectError(
          `Unable to resolve '{${used}}' in the entry of dataset pattern '${pattern}' (${source}): placeholders used in the entry must appear in the pattern.`,
        );
      }
    }
    return { pattern, regex: new RegExp(regex, 's'), keys, entry };
  }
}

function placeholdersIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const m of value.matchAll(PLACEHOLDER)) out.add(m[1].split(':')[0]);
  else if (Array.isArray(value)) value.forEach((v) => placeholdersIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => placeholdersIn(v, out));
  return out;
}

function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, (whole, inner: string) => values[inner.split(':')[0]] ?? whole);
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}
