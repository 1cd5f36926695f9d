import type { JsonValue } from '../../src-shared/api-types';

export interface JsonBudget {
  /** Most items kept per array or object. */
  maxItems: number;
  maxDepth: number;
  /** Longest string kept. */
  maxString: number;
}

const DEFAULT_BUDGET: JsonBudget = { maxItems: 200, maxDepth: 12, maxString: 10_000 };

/**
 * A JSON-safe copy of any value, bounded so a preview never ships megabytes over IPC. Cut places
 * hold a "… N more" marker and `truncated` says whether anything was cut.
 */
export function toJsonValue(
  value: unknown,
  budget: Partial<JsonBudget> = {},
): { value: JsonValue; truncated: boolean } {
  const b = { ...DEFAULT_BUDGET, ...budget };
  let truncated = false;
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): JsonValue => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') {
      if (v.length <= b.maxString) return v;
      truncated = true;
      return `${v.slice(0, b.maxString)}… (${v.length - b.maxString} more characters)`;
    }
    if (typeof v === 'function' || typeof v === 'symbol') return `[${typeof v}]`;
    if (v instanceof Date) return v.toISOString();
    if (ArrayBuffer.isView(v)) return `[${v.constructor.name} of ${v.byteLength} bytes]`;
    if (typeof v !== 'object') return String(v);
    if (seen.has(v)) return '[circular]';
    if (depth >= b.maxDepth) {
      truncated = true;
      return Array.isArray(v) ? `[array of ${v.length}]` : '[object]';
    }
    seen.add(v);
    try {
      if (v instanceof Map) return walk(Object.fromEntries(v), depth);
      if (v instanceof Set) return walk([...v], depth);
      if (Array.isArray(v)) {
        const out = v.slice(0, b.maxItems).map((x) => walk(x, depth + 1));
        if (v.length > b.maxItems) {
          truncated = true;
          out.push(`… ${v.length - b.maxItems} more`);
        }
        return out;
      }
      const entries = Object.entries(v as Record<string, unknown>);
      const out: Record<string, JsonValue> = {};
      for (const [k, x] of entries.slice(0, b.maxItems)) out[k] = walk(x, depth + 1);
      if (entries.length > b.maxItems) {
        truncated = true;
        out['…'] = `${entries.length - b.maxItems} more`;
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  const result = walk(value, 0);
  return { value: result, truncated };
}

export function jsonRecord(value: unknown): Record<string, JsonValue> {
  const { value: v } = toJsonValue(value, { maxItems: 10_000, maxDepth: 32 });
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
