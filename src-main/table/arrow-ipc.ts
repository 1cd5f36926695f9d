// A table's one binary form, Arrow IPC bytes: how tables cross threads and processes (the codec)
// and what Feather files hold. Libraries load on first use.
import { arquero, isArrowTable, isTable, type Table } from './arquero';

/** Which kind of table a value is: an arquero table, an apache-arrow Table, or neither. */
export type TableKind = 'arquero' | 'arrow';

export function tableKind(value: unknown): TableKind | undefined {
  if (isTable(value)) return 'arquero';
  if (isArrowTable(value)) return 'arrow';
  return undefined;
}

type ApacheArrow = typeof import('apache-arrow');
let apacheArrow: ApacheArrow | undefined;
const arrow = (): ApacheArrow => (apacheArrow ??= require('apache-arrow') as ApacheArrow);

/** The table's rows and columns as Arrow IPC stream bytes (grouping and ordering state are not kept). */
export function tableToIPC(value: unknown, kind: TableKind): Uint8Array {
  if (kind === 'arquero') return (value as Table).toArrowIPC();
  return arrow().tableToIPC(value as InstanceType<ApacheArrow['Table']>, 'stream');
}

/** The same kind of table back from IPC bytes (stream or file format). */
export function tableFromIPC(bytes: Uint8Array, kind: TableKind): unknown {
  // Arrow reads its buffers as typed arrays in place: they must start 8-byte aligned (bytes from
  // a pipe message may sit at any offset of a larger buffer).
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (kind === 'arquero') return arquero().fromArrow(bytes);
  return arrow().tableFromIPC(bytes);
}
