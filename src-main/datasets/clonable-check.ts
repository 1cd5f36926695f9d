import { DatasetError } from '../engine/errors';

// Built-in types that structured clone (and Node's v8 serializer) keep as themselves.
const KEPT: Array<{ prototype: unknown }> = [
  Object,
  Array,
  Date,
  RegExp,
  Map,
  Set,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
  AggregateError,
  Number,
  String,
  Boolean,
  BigInt,
  Buffer,
];
const KEPT_PROTOTYPES = new Set<unknown>([null, ...KEPT.map((c) => c.prototype)]);

/**
 * Refuses a value whose clone would not be what was saved: an instance of a class of the user's
 * own, anywhere in it, loses its methods and comes back a plain object. `owner` starts the message.
 */
export function checkClonable(value: unknown, owner: string): void {
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return; // typed arrays of every kind, Buffers and DataViews
    const proto = Object.getPrototypeOf(v);
    if (!KEPT_PROTOTYPES.has(proto)) {
      const name = (proto?.constructor as { name?: string } | undefined)?.name || 'an unnamed class';
      throw new DatasetError(
        `${owner} cannot save an instance of class ${name} (${path ? `at path ${path}` : 'the value itself'}): its methods would be lost ` +
          `and it would load as a plain object. Save plain data (objects, arrays, Maps, Dates…) such as its fields, ` +
          `or give it a dataset of its own.`,
      );
    }
    if (v instanceof Map) {
      let i = 0;
      for (const [k, item] of v) {
        walk(k, `${path}<key ${i}>`);
        walk(item, `${path}.get(${typeof k === 'string' || typeof k === 'number' ? JSON.stringify(k) : `<key ${i}>`})`);
        i++;
      }
    } else if (v instanceof Set) {
      let i = 0;
      for (const item of v) walk(item, `${path}<item ${i++}>`);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else {
      for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    }
  };
  walk(value, '');
}
