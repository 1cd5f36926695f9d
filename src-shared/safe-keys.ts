// Keys that reach an object's prototype when used as property names. User input (parameters,
// catalog entries, pipeline files, --params, the API's params) never becomes such a key.
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export const isUnsafeKey = (key: string): boolean => UNSAFE.has(key);

export class UnsafeKeyError extends Error {
  constructor(
    readonly key: string,
    readonly where: string,
  ) {
    super(`The key '${key}' in ${where} is not allowed: '__proto__', 'constructor' and 'prototype' cannot be names.`);
    this.name = 'UnsafeKeyError';
  }
}

/** Throws UnsafeKeyError naming the key and where it was found (a file, `--params`). */
export function assertSafeKey(key: string, where: string): void {
  if (UNSAFE.has(key)) throw new UnsafeKeyError(key, where);
}

/** The first unsafe key anywhere in a JSON-like value, as a dotted path; undefined when none. */
export function findUnsafeKey(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSAFE.has(key)) return at;
      // A dotted key is a path too (`--params a.__proto__.b=1`).
      if (key.split('.').some((part) => UNSAFE.has(part))) return at;
      const found = findUnsafeKey((value as Record<string, unknown>)[key], at);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws when an unsafe key is anywhere in the value. */
export function assertSafeKeys(value: unknown, where: string): void {
  const found = findUnsafeKey(value);
  if (found !== undefined) throw new UnsafeKeyError(found, where);
}
