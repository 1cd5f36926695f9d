import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ownedPathBeside } from './temp-owner';

/*
 * Atomic writes: readers see either the old content or the new, never half of it. The data goes to
 * a hidden temp file in the same folder (same file system, so the rename is atomic), is synced to
 * disk, and is renamed into place; the temp file is removed if anything fails. Parent folders are
 * created. Temp names carry their writer (temp-owner.ts), so a crash's debris can be swept.
 */

/** The atomic write datasets use: asynchronous, so concurrent loads and saves overlap. */
export async function atomicWriteAsync(
  path: string,
  data: string | Uint8Array,
  encoding: BufferEncoding = 'utf8',
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = ownedPathBeside(path, 'tmp');
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(typeof data === 'string' ? Buffer.from(data, encoding) : data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** The same write, synchronous, for small files written outside a run (pipeline files). */
export function atomicWrite(path: string, data: string | Uint8Array, encoding: BufferEncoding = 'utf8'): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = ownedPathBeside(path, 'tmp');
  const bytes = typeof data === 'string' ? Buffer.from(data, encoding) : data;
  try {
    const fd = openSync(temp, 'wx');
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

export async function fileSizeAsync(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function isFileAsync(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a parent of the path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
};

/** "file not found" for ENOENT and its like; the error's own message otherwise. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_REASONS[code]) return FS_REASONS[code];
  return err instanceof Error ? err.message : String(err);
}
