// Hashes remembered by stat (size, inode, mtime, ctime) in .pipewright/file-hashes.json: an
// unchanged file is not read again; any change, even one that keeps size and mtime, is seen.
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_HASHES, FileHashCache } from '../../src-main/fingerprint/file-hash-cache';
import { hashPath } from '../../src-main/fingerprint';
import { pipewright, removeDir } from '../cli/cli-helpers';
import { changedProject } from './changed-project';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Past the window in which a change could leave a file's times as they were. */
const pastRacyWindow = () => new Promise((r) => setTimeout(r, 120));

describe('FileHashCache', () => {
  it('gives the recorded hash of a file whose stat is unchanged, without reading it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-hashes-'));
    dirs.push(root);
    const file = join(root, 'a.txt');
    writeFileSync(file, 'hello');
    await pastRacyWindow();
    const first = new FileHashCache(root);
    const real = await hashPath(file, first);
    first.save();
    // The record is what a later process reads: change only the hash it holds.
    const records = JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8'));
    records[file].hash = 'feedfacefeedface';
    writeFileSync(join(root, FILE_HASHES), JSON.stringify(records));
    expect((await hashPath(file, new FileHashCache(root)))?.hash).toBe('feedfacefeedface');
    expect((await hashPath(file))?.hash).toBe(real?.hash);
  });

  it('reads a file again when its content changed with the same size and mtime', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-hashes-'));
    dirs.push(root);
    const file = join(root, 'a.txt');
    writeFileSync(file, 'hello');
    await pastRacyWindow();
    const cache = new FileHashCache(root);
    const before = await hashPath(file, cache);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'jello');
    utimesSync(file, atime, mtime);
    const after = await hashPath(file, cache);
    expect(after?.hash).toBe((await hashPath(file))?.hash);
    expect(after?.hash).not.toBe(before?.hash);
  });

  it('does not trust a record taken while the file could still change unseen (racy)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-hashes-'));
    dirs.push(root);
    const file = join(root, 'a.txt');
    writeFileSync(file, 'hello');
    const cache = new FileHashCache(root);
    await hashPath(file, cache); // at once: within the window
    cache.save();
    const records = JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8'));
    records[file].hash = 'feedfacefeedface';
    writeFileSync(join(root, FILE_HASHES), JSON.stringify(records));
    expect((await hashPath(file, new FileHashCache(root)))?.hash).not.toBe('feedfacefeedface');
  });
});

describe('run --changed with remembered hashes', () => {
  it('sees an input edited in place with its size and mtime kept', async () => {
    const dir = changedProject();
    dirs.push(dir);
    const run = async (args: string[]) => {
      const r = await pipewright(['run', '--project', dir, ...args, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return {
        ran: (JSON.parse(r.stdout) as { nodes: Array<{ name: string }> }).nodes.map((n) => n.name),
        log: r.stderr,
      };
    };
    await run([]);
    await pastRacyWindow();
    expect((await run(['--changed'])).ran).toEqual([]);
    expect(existsRecord(dir, join(dir, 'data/other_raw.json'))).toBe(true);

    const input = join(dir, 'data/other_raw.json');
    const { atime, mtime } = statSync(input);
    writeFileSync(input, '[1, 3]');
    utimesSync(input, atime, mtime);
    const r = await run(['--changed']);
    expect(r.ran).toEqual(['side']);
    expect(r.log).toContain("Re-running node 'side': input 'other_raw' changed");
  });
});

function existsRecord(root: string, file: string): boolean {
  return file in JSON.parse(readFileSync(join(root, FILE_HASHES), 'utf8'));
}
