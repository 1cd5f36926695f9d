// Large binaries between processes go through shared files (tmpfs where there is one): written
// once by the sender, read once by the receiver, who deletes the file. A process also remembers
// the values it wrote, so that one sent back to it is taken as it is instead of read again.
import { closeSync, existsSync, openSync, readSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The key that marks an encoded value (a shared file here; a Buffer or a table in codec.ts). */
export const MARK = '__pipewright_value__';

const SHM_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
let fileCounter = 0;

export type ViewCtor = 'Buffer' | 'DataView' | 'ArrayBuffer' | string;

/** A large binary written to a shared file; `unlink` tells the reader it owns the file. */
export interface FileRef {
  [MARK]: 'file';
  path: string;
  ctor: ViewCtor;
  byteLength: number;
  unlink: boolean;
  /** Set by the engine for a value's last consumer: it may take the writer's own copy if it holds it. */
  owned?: boolean;
}

export function isFileRef(value: unknown): value is FileRef {
  return value !== null && typeof value === 'object' && (value as FileRef)[MARK] === 'file';
}

/**
 * Values this process wrote to shared files, by path: when the engine sends one back to the same
 * process for its last consumer (a chain of nodes on one worker), the consumer takes the object
 * itself instead of reading the file again. Dropped once the engine has deleted the file.
 */
const held = new Map<string, { value: unknown; bytes: number }>();
const HOLD_LIMIT = 1 << 30;

let sweeping: NodeJS.Timeout | undefined;

/** Keeps `value`, written to the shared file at `path`, for a consumer in this process. */
export function holdValue(path: string, value: unknown, bytes: number): void {
  held.set(path, { value, bytes });
  evictHeld();
}

export function evictHeld(): void {
  let total = 0;
  for (const [path, h] of [...held].reverse()) {
    total += h.bytes;
    if (total > HOLD_LIMIT || !existsSync(path)) held.delete(path);
  }
  // An idle worker must not keep big values alive: look again until nothing is held.
  if (held.size && !sweeping) {
    sweeping = setTimeout(() => {
      sweeping = undefined;
      evictHeld();
    }, 1000);
    sweeping.unref();
  }
}

const taskPrefix = (pid: number, task: number) => `pipewright-${pid}-t${task}-`;

/**
 * Writes `chunks` to a new shared file, listed in `files` before its first byte so that a failed
 * write still removes it. `task`: the worker's task it belongs to (see `removeTaskFiles`).
 */
export function writeSharedFile(
  chunks: Uint8Array[],
  ctor: ViewCtor,
  task: number | undefined,
  files: string[],
): FileRef {
  const prefix = task === undefined ? `pipewright-${process.pid}-` : taskPrefix(process.pid, task);
  const path = join(SHM_DIR, `${prefix}${Date.now().toString(36)}-${fileCounter++}`);
  const fd = openSync(path, 'w', 0o600);
  let byteLength = 0;
  files.push(path);
  try {
    for (const bytes of chunks) {
      let off = 0;
      while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      byteLength += bytes.byteLength;
    }
  } finally {
    closeSync(fd);
  }
  return { [MARK]: 'file', path, ctor, byteLength, unlink: true };
}

/** The value a shared file holds, as the view it was written from; the file is deleted when the reader owns it. */
export function readSharedFile(ref: FileRef): unknown {
  const mine = held.get(ref.path);
  if (mine && ref.owned) {
    held.delete(ref.path);
    if (ref.unlink) removeFile(ref.path);
    return mine.value;
  }
  // allocUnsafeSlow: its own ArrayBuffer, not zero-filled (the read fills every byte).
  const buf = Buffer.allocUnsafeSlow(ref.byteLength);
  const fd = openSync(ref.path, 'r');
  try {
    let off = 0;
    while (off < ref.byteLength) {
      const n = readSync(fd, buf, off, ref.byteLength - off, off);
      if (n === 0) throw new Error(`Shared file ${ref.path} is shorter than ${ref.byteLength} bytes`);
      off += n;
    }
  } finally {
    closeSync(fd);
  }
  if (ref.unlink) removeFile(ref.path);
  return viewOf(buf, ref.ctor);
}

function viewOf(buf: Buffer, ctor: ViewCtor): unknown {
  if (ctor === 'Buffer') return buf;
  const ab = buf.buffer as ArrayBuffer;
  if (ctor === 'ArrayBuffer') return ab;
  if (ctor === 'DataView') return new DataView(ab);
  const C = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => unknown>)[ctor];
  return typeof C === 'function' ? new C(ab) : new Uint8Array(ab);
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: the reader owned it
  }
}

/**
 * Deletes the shared files a worker process wrote for a task whose result never arrived (the
 * worker died while it wrote or sent its outputs): nobody else knows their paths.
 */
export function removeTaskFiles(pid: number, task: number): void {
  const prefix = taskPrefix(pid, task);
  let names: string[];
  try {
    names = readdirSync(SHM_DIR);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) removeFile(join(SHM_DIR, name));
}
