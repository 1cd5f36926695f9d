import type { Stats } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import xxhash from 'xxhash-wasm';

// Content hashes: xxHash64 (WebAssembly), far faster than the disks it reads; see bench/README.md.

export type Hasher = Awaited<ReturnType<typeof xxhash>>;
let hasher: Promise<Hasher> | undefined;
/** The hasher, loaded once: with it at hand, `hashPartsWith` hashes without waiting. */
export const getHasher = (): Promise<Hasher> => (hasher ??= xxhash());

const CHUNK = 16 << 20;
const hex = (n: bigint) => n.toString(16).padStart(16, '0');

/** The hash of some bytes or a string (UTF-8), as 16 hex digits. */
export async function hashBytes(data: Uint8Array | string): Promise<string> {
  const h = (await getHasher()).create64();
  h.update(data);
  return hex(h.digest());
}

/** The hash of several parts, each length-prefixed so that ['ab', 'c'] and ['a', 'bc'] differ. */
export async function hashParts(parts: readonly string[]): Promise<string> {
  return hashPartsWith(await getHasher(), parts);
}

/** `hashParts` with a hasher already loaded. */
export function hashPartsWith(hasher: Hasher, parts: readonly string[]): string {
  let text = '';
  for (const p of parts) text += framed(p);
  return hasher.h64ToString(text);
}

/**
 * A part as `hashParts` hashes it: its length, a colon, the part. Hashing the parts' framed texts
 * one after another or joined is the same hash (one stream of bytes).
 */
export const framed = (part: string): string => `${part.length}:${part}`;

export interface ContentHash {
  hash: string;
  /** Bytes read: a file's size, or the sum of a folder's files. */
  bytes: number;
}

/** Remembers files' hashes by what `stat` says of them, so an unchanged file is not read again. */
export interface HashCache {
  lookup(file: string, info: Stats): ContentHash | undefined;
  record(file: string, info: Stats, hashedAt: number, hash: string): void;
}

async function hashFile(file: string, cache?: HashCache, stated?: Stats): Promise<ContentHash> {
  const info = stated ?? (await stat(file));
  const known = cache?.lookup(file, info);
  if (known) return known;
  const hashedAt = Date.now();
  const done = await readAndHash(file, info.size);
  // Recorded with the stat taken before the read: a change during it shows as a change next time.
  if (done.bytes === info.size) cache?.record(file, info, hashedAt, done.hash);
  return done;
}

async function readAndHash(file: string, size: number): Promise<ContentHash> {
  const h = (await getHasher()).create64();
  if (size <= CHUNK) {
    // One read: most outputs are small, and a stream's round trips would cost more than the hash.
    const bytes = await readFile(file);
    h.update(bytes);
    return { hash: hex(h.digest()), bytes: bytes.length };
  }
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fh = await open(file, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
      if (!bytesRead) break;
      h.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { hash: hex(h.digest()), bytes };
}

async function filesOf(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * The content hash of a file, or of a folder (its files' relative paths and hashes, in name
 * order, so that partitions are hashed the same wherever the folder lives). Undefined when the
 * path does not exist.
 */
export async function hashPath(path: string, cache?: HashCache): Promise<ContentHash | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (info.isFile()) return hashFile(path, cache, info);
  if (!info.isDirectory()) return undefined;
  const files = (await filesOf(path)).sort();
  const parts: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const one = await hashFile(file, cache);
    parts.push(relative(path, file).split(sep).join('/'), one.hash);
    bytes += one.bytes;
  }
  return { hash: await hashParts(parts), bytes };
}
