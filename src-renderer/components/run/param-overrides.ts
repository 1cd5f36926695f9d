// The run panel's parameter form: parameters.yml's nested values as typed fields, and the changed
// ones as the run request's overrides (dotted keys reach nested values). Pure, tested without Vue.
import type { JsonValue } from '../../../src-shared/api-types';

export type ParamKind = 'group' | 'number' | 'bool' | 'string' | 'json';

export function paramKind(value: JsonValue): ParamKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) return 'group';
  return 'json';
}

/** A field's text parsed as its kind; an error message names the parameter. */
export function parseParam(path: string, kind: ParamKind, text: string): { value: unknown } | { error: string } {
  if (kind === 'string') return { value: text };
  if (kind === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return { error: `${path} must be a number, not '${text}'` };
    return { value: n };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return {
      error: `${path} must be JSON (a list, an object, a number, a string in quotes): ${(err as Error).message}`,
    };
  }
}

/** Sets or clears one override: a value equal to the parameter's own is not an override. */
export function withOverride(
  overrides: Record<string, unknown>,
  path: string,
  value: unknown,
  original: JsonValue,
): Record<string, unknown> {
  const next = { ...overrides };
  if (JSON.stringify(value) === JSON.stringify(original)) delete next[path];
  else next[path] = value;
  return next;
}

/** How a value shows in a field of its kind. */
export function paramText(kind: ParamKind, value: unknown): string {
  if (kind === 'string') return String(value ?? '');
  if (kind === 'number') return String(value);
  return JSON.stringify(value);
}

/**
 * The overrides as the run request carries them, as `--params a.b=1` does: dotted keys become
 * nested objects, which the project merges into parameters.yml's values key by key.
 */
export function nestOverrides(overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    let at = out;
    for (const key of keys.slice(0, -1)) {
      const next = at[key];
      at = (at[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<
        string,
        unknown
      >;
    }
    at[keys[keys.length - 1]] = value;
  }
  return out;
}
