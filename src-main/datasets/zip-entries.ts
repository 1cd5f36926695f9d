// Reading single entries of a zip file (an .xlsx workbook) without reading the rest of it: the
// central directory at the end says where each entry starts, and an entry is a stream that can
// be stopped part way.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64 = 0xffffffff;

/** The entries named in the zip's central directory, by name. */
export async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tail = Buffer.alloc(Math.min(size, 22 + 0xffff));
    await file.read(tail, 0, tail.length, size - tail.length);
    let at = tail.length - 22;
    while (at >= 0 && tail.readUInt32LE(at) !== EOCD) at--;
    if (at < 0) throw new Error('no zip central directory (the file is not a zip archive)');
    const count = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    if (dirOffset === ZIP64 || dirSize === ZIP64) throw new Error('zip64 archives are not read');
    const dir = Buffer.alloc(dirSize);
    await file.read(dir, 0, dirSize, dirOffset);
    const entries = new Map<string, ZipEntry>();
    for (let p = 0, i = 0; i < count; i++) {
      if (dir.readUInt32LE(p) !== CENTRAL) throw new Error('a damaged zip central directory');
      const nameLength = dir.readUInt16LE(p + 28);
      const skip = nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      entries.set(name, {
        name,
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        uncompressedSize: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + skip;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** One entry's uncompressed bytes as a stream; destroy it to stop reading the file. */
export async function zipEntryStream(path: string, entry: ZipEntry): Promise<Readable> {
  const file = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await file.read(header, 0, 30, entry.localHeaderOffset);
  } finally {
    await file.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw new Error(`a damaged zip entry '${entry.name}'`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(
      `zip entry '${entry.name}' uses compression method ${entry.method} (only stored and deflated are read)`,
    );
  }
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (err) => inflate.destroy(err));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}
