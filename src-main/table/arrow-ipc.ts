// A table's one binary form, Arrow IPC bytes: how tables cross threads and processes (the codec)
// and what Feather files hold. Libraries load on first use.
import { arquero, isArrowTable, isTable, lazyNamespace, type Table } from './arquero';

/** Which kind of table a value is: an arquero table, an apache-arrow Table, or neither. */
export type TableKind = 'arquero' | 'arrow';

export function tableKind(value: unknown): TableKind | undefined {
  if (isTable(value)) return 'arquero';
  if (isArrowTable(value)) return 'arrow';
  return undefined;
}

type ApacheArrow = typeof import('apache-arrow');
let apacheArrow: ApacheArrow | undefined;
const loadArrow = (): ApacheArrow => (apacheArrow ??= require('apache-arrow') as ApacheArrow);

/**
 * apache-arrow, as Pipewright loads it. Its writer reads only Tables of its own copy of the
 * package (another copy's come out as zeros), so a node that returns an apache-arrow Table
 * makes it with this one.
 */
export const arrow: ApacheArrow = lazyNamespace(loadArrow);

/** The table's rows and columns as Arrow IPC stream bytes (grouping and ordering state are not kept). */
export function tableToIPC(value: unknown, kind: TableKind): Uint8Array {
  if (kind === 'arquero') return (value as Table).toArrowIPC();
  const A = loadArrow();
  if (Object.getPrototypeOf(value) !== A.Table.prototype) {
    throw new Error(
      "the apache-arrow Table comes from another copy of apache-arrow than Pipewright's: make it with `arrow` from 'pipewright' (import { arrow } from 'pipewright'), or return an arquero table",
    );
  }
  return A.tableToIPC(value as InstanceType<ApacheArrow['Table']>, 'stream');
}

type Flechette = typeof import('@uwdata/flechette');
let flechetteModule: Flechette | undefined;
// arquero's own Arrow library (its dependency, pinned by package.json's overrides).
const flechette = (): Flechette => (flechetteModule ??= require('@uwdata/flechette') as Flechette);

/**
 * The same bytes as `tableToIPC`, as the pieces the writer emits: views of the table's own column
 * buffers between small headers, so a caller can write them out without joining them first.
 */
export function tableToIPCChunks(value: unknown, kind: TableKind): Uint8Array[] {
  if (kind === 'arrow') return [tableToIPC(value, kind)];
  const chunks: Uint8Array[] = [];
  const sink = { write: (bytes: Uint8Array) => void chunks.push(bytes), finish: () => undefined };
  flechette().tableToIPC((value as Table).toArrow(), { sink } as unknown as Parameters<Flechette['tableToIPC']>[1]);
  return chunks;
}

/** The same kind of table back from IPC bytes (stream or file format). */
export function tableFromIPC(bytes: Uint8Array, kind: TableKind): unknown {
  // Arrow reads its buffers as typed arrays in place: they must start 8-byte aligned (bytes from
  // a pipe message may sit at any offset of a larger buffer).
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (kind === 'arquero') return arquero().fromArrow(bytes);
  return loadArrow().tableFromIPC(bytes);
}
