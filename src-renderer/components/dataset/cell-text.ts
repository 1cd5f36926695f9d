import type { JsonValue } from '../../../src-shared/contract';

/** A table cell as text: `∅` for a missing value, JSON for an object or array. */
export function cellText(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '∅';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
