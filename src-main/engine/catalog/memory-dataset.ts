import { deserialize, serialize } from 'node:v8';
import { DatasetError } from '../errors';
import { AbstractDataset } from './abstract-dataset';

export type CopyMode = 'deepcopy' | 'copy' | 'assign';

const EMPTY = Symbol('empty');

/**
 * Holds data in memory. Loads and saves copy the data (structured clone) so that a node cannot
 * change what another node sees; `copyMode: 'assign'` shares it instead.
 */
export class MemoryDataset<T = unknown> extends AbstractDataset<T> {
  static override ephemeral = true;
  private data: T | typeof EMPTY = EMPTY;
  readonly copyMode: CopyMode | undefined;

  constructor(options: { data?: T; copyMode?: CopyMode; copy_mode?: CopyMode } = {}) {
    super();
    const mode = options.copyMode ?? options.copy_mode;
    if (mode !== undefined && !['deepcopy', 'copy', 'assign'].includes(mode)) {
      throw new DatasetError(`Invalid copy mode: ${mode}. Possible values are: deepcopy, copy, assign.`);
    }
    this.copyMode = mode;
    if ('data' in options && options.data !== undefined) this.data = options.data;
  }

  load(): T {
    if (this.data === EMPTY) throw new DatasetError('Data for MemoryDataset has not been saved yet.');
    return copyData(this.data, this.copyMode);
  }

  save(data: T): void {
    this.data = copyData(data, this.copyMode);
  }

  exists(): boolean {
    return this.data !== EMPTY;
  }

  release(): void {
    this.data = EMPTY;
  }

  describe(): Record<string, unknown> {
    if (this.data === EMPTY) return {};
    const d = this.data as unknown;
    return {
      data: `<${Array.isArray(d) ? 'Array' : d === null ? 'null' : typeof d === 'object' ? ((d as object).constructor?.name ?? 'Object') : typeof d}>`,
    };
  }
}

/**
 * Primitives and functions pass as they are. In the default mode, plain data (objects, arrays,
 * Maps, Sets, Dates, typed arrays…) is deep-cloned; a value holding anything else (a class
 * instance, a function) is shared whole, as Kedro's "assign" mode, because structuredClone would
 * silently turn a class instance into a plain object without its methods.
 */
function copyData<T>(data: T, mode: CopyMode | undefined): T {
  if (mode === 'assign' || data === null || typeof data !== 'object') return data;
  if (mode === 'copy') return shallowCopy(data);
  const walk: Walk = { seen: new Set(), buffers: false };
  if (!isPlainData(data, walk)) return data;
  // structuredClone turns a Buffer into a bare Uint8Array; V8's serializer (as Node sets it up)
  // keeps Buffers, but costs ~10× more on small values, so it is kept for values holding one.
  return walk.buffers ? (deserialize(serialize(data)) as T) : structuredClone(data);
}

interface Walk {
  seen: Set<object>;
  /** Whether a Buffer was found. */
  buffers: boolean;
}

const CLONEABLE_PROTOTYPES = new Set<unknown>([
  Object.prototype,
  null,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  DataView.prototype,
]);

function isPlainData(value: unknown, walk: Walk): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (value === null || typeof value !== 'object') return true;
  if (walk.seen.has(value)) return true;
  walk.seen.add(value);
  if (ArrayBuffer.isView(value)) {
    if (Buffer.isBuffer(value)) walk.buffers = true;
    return true;
  }
  if (!CLONEABLE_PROTOTYPES.has(Object.getPrototypeOf(value))) return false;
  if (value instanceof Map) {
    for (const [k, v] of value) if (!isPlainData(k, walk) || !isPlainData(v, walk)) return false;
    return true;
  }
  if (value instanceof Set) {
    for (const v of value) if (!isPlainData(v, walk)) return false;
    return true;
  }
  for (const v of Object.values(value)) if (!isPlainData(v, walk)) return false;
  return true;
}

/** Kedro's "copy" mode: the object's own copy() if it has one, else a copy of the top level. */
function shallowCopy<T>(data: T & object): T {
  if (Buffer.isBuffer(data)) return Buffer.from(data) as T; // its copy() copies into a target
  const own = (data as { copy?: unknown }).copy;
  if (typeof own === 'function') return own.call(data) as T;
  if (Array.isArray(data)) return [...data] as T;
  if (data instanceof Map) return new Map(data) as T;
  if (data instanceof Set) return new Set(data) as T;
  if (data instanceof Date) return new Date(data.getTime()) as T;
  if (ArrayBuffer.isView(data)) return structuredClone(data);
  return Object.assign(Object.create(Object.getPrototypeOf(data)), data) as T;
}
