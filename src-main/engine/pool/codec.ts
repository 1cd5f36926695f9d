// Values crossing to and from workers. Structured clone does the work; this module adds what it
// lacks: an error naming the dataset for values that cannot cross, Buffers that stay Buffers,
// transfer of large ArrayBuffers between threads, and shared files for large binaries between
// processes (codec-files.ts: a tmpfs file is written once and read once, where a pipe is slower).
// Tables are the one kind of class instance that crosses: as Arrow IPC bytes, a table again on
// the other side.
import { tableFromIPC, tableKind, tableToIPCChunks, type TableKind } from '../../table/arrow-ipc';
import type { Table } from '../../table/arquero';
import { plainColumns, tableOfColumns, type TableColumns } from '../../table/table-columns';
import { errorMessage } from '../errors';
import { MARK, holdValue, readSharedFile, writeSharedFile, type FileRef } from './codec-files';

export { MARK, evictHeld, isFileRef, removeFile, removeTaskFiles, type FileRef } from './codec-files';

/** Binaries at least this large are transferred (threads) or go through a shared file (processes). */
export const LARGE_BYTES = 1 << 20;
const WALK_BUDGET = 10_000;

interface BufferRef {
  [MARK]: 'buffer';
  bytes: Uint8Array;
}
/**
 * A table as its Arrow IPC bytes (themselves encoded: inline, transferred, or a FileRef), or,
 * between threads, as its columns (typed-array columns transferred).
 */
export interface TableRef {
  [MARK]: 'table';
  kind: TableKind;
  bytes?: unknown;
  columns?: TableColumns;
}

export class CrossingError extends Error {
  constructor(
    readonly dataset: string,
    what: string,
    target: string,
  ) {
    super(
      `Dataset '${dataset}' holds ${what}, which cannot cross to ${target}. Pass plain data (objects, arrays, strings, numbers, typed arrays, Map, Set, Date) or tables between nodes that run in workers, or keep the node on SequentialRunner.`,
    );
    this.name = 'DatasetError';
  }
}

export interface EncodeOptions {
  /** Threads: transfer large ArrayBuffers. Processes: false, large binaries go through files. */
  canTransfer: boolean;
  /** The values are owned by the message (fresh copies): their buffers may be moved. */
  owned: boolean;
  /** Words for error messages: "a worker thread", "a worker process". */
  target: string;
  /** Keep what goes through shared files, for a consumer in this same process (workers' outputs). */
  hold?: boolean;
  /**
   * Tables are the node's own (a worker's outputs): their columns' buffers may move. Not in the
   * engine, whatever `owned` says: a MemoryDataset shares tables, it does not copy them.
   */
  tablesOwned?: boolean;
  /** The worker's task the values belong to: its shared files carry its id (see `removeTaskFiles`). */
  task?: number;
}

export interface Encoded {
  values: Record<string, unknown>;
  transfer: ArrayBuffer[];
  files: string[];
}

const PLAIN_PROTOS = new Set<unknown>([Object.prototype, null, Array.prototype]);
const CLONABLE = [Date, RegExp, Map, Set, Error, ArrayBuffer, DataView, Boolean, String, Number, BigInt];

export function encodeValues(values: Record<string, unknown>, options: EncodeOptions): Encoded {
  const out: Encoded = { values: {}, transfer: [], files: [] };
  for (const [name, value] of Object.entries(values)) {
    const budget = { left: WALK_BUDGET };
    out.values[name] = encodeOne(value, name, options, out, budget);
  }
  return out;
}

function encodeOne(value: unknown, dataset: string, o: EncodeOptions, out: Encoded, budget: { left: number }): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function')
      throw new CrossingError(dataset, `a function (${value.name || 'anonymous'})`, o.target);
    if (typeof value === 'symbol') throw new CrossingError(dataset, 'a symbol', o.target);
    return value;
  }
  if (--budget.left < 0) return value; // postMessage still refuses what cannot be cloned at all
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return encodeBinary(value, o, out);
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const e =
        (v !== null && typeof v === 'object') || typeof v === 'function' ? encodeOne(v, dataset, o, out, budget) : v;
      if (e !== v) (copy ??= value.slice())[i] = e;
      if (budget.left < 0) break;
    }
    return copy ?? value;
  }
  if (PLAIN_PROTOS.has(proto)) {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      const e =
        (v !== null && typeof v === 'object') || typeof v === 'function' ? encodeOne(v, dataset, o, out, budget) : v;
      if (e !== v) (copy ??= { ...(value as Record<string, unknown>) })[key] = e;
      if (budget.left < 0) break;
    }
    return copy ?? value;
  }
  if (value instanceof Error || CLONABLE.includes((value as object).constructor as never)) return value;
  const kind = tableKind(value);
  if (kind) return encodeTable(value, kind, dataset, o, out);
  const cls = (value as object).constructor?.name ?? 'a class';
  throw new CrossingError(
    dataset,
    `an instance of ${cls} (structured clone would keep its fields but drop its class and methods)`,
    o.target,
  );
}

function encodeTable(value: unknown, kind: TableKind, dataset: string, o: EncodeOptions, out: Encoded): TableRef {
  if (o.canTransfer && kind === 'arquero') {
    const columns = plainColumns(value as Table);
    if (columns) return { [MARK]: 'table', kind, columns: movedColumns(columns, o, out) };
  }
  let chunks: Uint8Array[];
  try {
    chunks = tableToIPCChunks(value, kind);
  } catch (err) {
    throw new CrossingError(
      dataset,
      `a table that cannot be written as Arrow IPC bytes (${errorMessage(err)})`,
      o.target,
    );
  }
  const size = chunks.reduce((sum, c) => sum + c.byteLength, 0);
  if (size >= LARGE_BYTES && !o.canTransfer) {
    // Straight from the table's buffers into the shared file, with no joined copy in between.
    const ref = writeSharedFile(chunks, 'Uint8Array', o.task, out.files);
    if (o.hold) holdValue(ref.path, value, size);
    return { [MARK]: 'table', kind, bytes: ref };
  }
  // Joined into new bytes that nobody else holds: they may always move.
  return { [MARK]: 'table', kind, bytes: encodeBinary(joinChunks(chunks, size), { ...o, owned: true }, out) };
}

/** Large typed-array columns go in the transfer list: the table's own buffers when it is the node's own. */
function movedColumns(columns: TableColumns, o: EncodeOptions, out: Encoded): TableColumns {
  const data = columns.data.map((column) => {
    if (!ArrayBuffer.isView(column) || column.byteLength < LARGE_BYTES) return column;
    const ab = column.buffer;
    const whole = ab instanceof ArrayBuffer && ab.byteLength === column.byteLength;
    if (whole && !o.tablesOwned) return column; // cloned: the table stays whole where it is shared
    // A view of part of a buffer is copied alone (a clone would copy the whole buffer under it).
    const moved = whole ? column : (column as Uint8Array).slice();
    if (!out.transfer.includes(moved.buffer as ArrayBuffer)) out.transfer.push(moved.buffer as ArrayBuffer);
    return moved;
  });
  return { names: columns.names, data };
}

function encodeBinary(value: ArrayBufferView | ArrayBuffer, o: EncodeOptions, out: Encoded): unknown {
  const isBuffer = Buffer.isBuffer(value);
  const bytes = value instanceof ArrayBuffer ? value.byteLength : value.byteLength;
  if (bytes >= LARGE_BYTES && !o.canTransfer) {
    const ref = writeShared(value, o, out);
    if (o.hold) holdValue(ref.path, value, bytes);
    return ref;
  }
  if (bytes >= LARGE_BYTES && o.owned) {
    const ab = value instanceof ArrayBuffer ? value : (value.buffer as ArrayBuffer);
    // Only a view that owns its whole buffer may move it (small Buffers share a pooled slab).
    if (ab instanceof ArrayBuffer && ab.byteLength === bytes && !out.transfer.includes(ab)) out.transfer.push(ab);
  }
  if (isBuffer)
    return {
      [MARK]: 'buffer',
      bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    } satisfies BufferRef;
  return value;
}

function writeShared(value: ArrayBufferView | ArrayBuffer, o: EncodeOptions, out: Encoded): FileRef {
  const bytes =
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return writeSharedFile([bytes], Buffer.isBuffer(value) ? 'Buffer' : value.constructor.name, o.task, out.files);
}

function joinChunks(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.byteLength;
  }
  return bytes;
}

export function isTableRef(value: unknown): value is TableRef {
  return value !== null && typeof value === 'object' && (value as TableRef)[MARK] === 'table';
}

export function decodeValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) out[name] = decodeOne(value, { left: WALK_BUDGET });
  return out;
}

export function decodeOne(value: unknown, budget = { left: WALK_BUDGET }): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (--budget.left < 0) return value;
  const mark = (value as Record<string, unknown>)[MARK];
  if (mark === 'file') return readSharedFile(value as FileRef);
  if (mark === 'table') {
    const ref = value as TableRef;
    if (ref.columns) return tableOfColumns(ref.columns);
    const bytes = decodeOne(ref.bytes, budget);
    // The producer's own table, when it is handed back to the process that holds it.
    return tableKind(bytes) ? bytes : tableFromIPC(bytes as Uint8Array, ref.kind);
  }
  if (mark === 'buffer') {
    const b = (value as BufferRef).bytes;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && budget.left >= 0; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object') value[i] = decodeOne(v, budget);
    }
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const rec = value as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      const v = rec[key];
      if (v !== null && typeof v === 'object') rec[key] = decodeOne(v, budget);
      if (budget.left < 0) break;
    }
  }
  return value;
}

/** Finds which value cannot be cloned, for an error that names it (postMessage only says "could not be cloned"). */
export function findUnclonable(values: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(values)) {
    try {
      structuredClone(value);
    } catch {
      return name;
    }
  }
  return undefined;
}
