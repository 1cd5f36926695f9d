// Keys that reach an object's prototype when used as property names. User input (parameters,
// catalog entries, pipeline files, --params, the API's params) never becomes such a key.
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
const RULE = "'__proto__', 'constructor' and 'prototype' cannot be names";

export const isUnsafeKey = (key: string): boolean => UNSAFE.has(key);

/** The message for a refused key, naming it and where it was found (a file, `--params`). */
export const unsafeKeyMessage = (key: string, where: string): string =>
  `The key '${key}' in ${where} is not allowed: ${RULE}.`;

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
      // A dotted key is a path too (`--params a.__proto__.b=1`).
      if (key.split('.').some(isUnsafeKey)) return at;
      const found = findUnsafeKey((value as Record<string, unknown>)[key], at);
      if (found) return found;
    }
  }
  return undefined;
}
