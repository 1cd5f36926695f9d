// The private cache folder: made for the user alone, and refused when someone else could have
// written to it (another owner, group- or world-writable, a symbolic link).
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheRoot, privateCacheDir } from '../../src-main/cache-dir.cjs';

const MODULE = resolve(__dirname, '../../src-main/cache-dir.cjs');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'pw-cache-dir-'));
  dirs.push(d);
  return d;
}
function attempt(root: string, name = 'jiti') {
  const refusals: Array<[string, string]> = [];
  const dir = privateCacheDir(name, { root, warn: (d, reason) => refusals.push([d, reason]) });
  return { dir, refusals };
}

describe('privateCacheDir', () => {
  it('creates <root>/<name> for the user alone (mode 0700)', () => {
    const root = join(scratch(), 'cache', 'pipewright');
    const { dir, refusals } = attempt(root);
    expect(refusals).toEqual([]);
    expect(dir).toBe(join(root, 'jiti'));
    for (const d of [root, dir!]) {
      expect(statSync(d).mode & 0o777).toBe(0o700);
      expect(statSync(d).uid).toBe(process.getuid!());
    }
    // Again, on the folders it made: accepted.
    expect(attempt(root).dir).toBe(dir);
  });

  it('refuses a group-writable folder, naming it and why', () => {
    const root = join(scratch(), 'pipewright');
    mkdirSync(root);
    chmodSync(root, 0o775);
    const { dir, refusals } = attempt(root);
    expect(dir).toBeUndefined();
    expect(refusals).toEqual([[root, 'others can write to it (mode 0775)']]);
  });

  it('refuses a world-writable folder of its own below a good root', () => {
    const root = join(scratch(), 'pipewright');
    mkdirSync(join(root, 'worker'), { recursive: true, mode: 0o700 });
    chmodSync(root, 0o700);
    chmodSync(join(root, 'worker'), 0o777);
    expect(attempt(root, 'worker').refusals).toEqual([[join(root, 'worker'), 'others can write to it (mode 0777)']]);
  });

  it('refuses a symbolic link, even to a folder of the user', () => {
    const base = scratch();
    mkdirSync(join(base, 'elsewhere'), { mode: 0o700 });
    symlinkSync(join(base, 'elsewhere'), join(base, 'pipewright'));
    expect(attempt(join(base, 'pipewright')).refusals).toEqual([[join(base, 'pipewright'), 'it is a symbolic link']]);
  });

  it.skipIf(!isRoot)('refuses a folder another user made first', () => {
    const root = join(scratch(), 'pipewright');
    mkdirSync(root, { mode: 0o700 });
    chownSync(root, NOBODY, NOBODY);
    const { dir, refusals } = attempt(root);
    expect(dir).toBeUndefined();
    expect(refusals).toEqual([[root, `it belongs to uid ${NOBODY}, not to you (uid 0)`]]);
  });

  it('says so when the folder cannot be made, and gives no folder', () => {
    const base = scratch();
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    const { dir, refusals } = attempt(join(file, 'cache', 'pipewright'));
    expect(dir).toBeUndefined();
    expect(refusals[0][1]).toMatch(/^it cannot be made \(ENOTDIR: .*a-file/);
  });

  it('warns once, on stderr, and not again in a worker its process starts', () => {
    const root = join(scratch(), 'pipewright');
    mkdirSync(root, { mode: 0o777 });
    chmodSync(root, 0o777);
    const script = `const { privateCacheDir } = require(${JSON.stringify(MODULE)});
      privateCacheDir('jiti'); privateCacheDir('worker');
      require('node:child_process').execFileSync(process.execPath, ['-e', 'require(' + JSON.stringify(${JSON.stringify(MODULE)}) + ').privateCacheDir("jiti")'], { stdio: 'inherit' });`;
    const ran = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, XDG_CACHE_HOME: dirname(root) },
      encoding: 'utf8',
    });
    expect(ran.status).toBe(0);
    expect(ran.stderr).toBe(
      `pipewright: not using the cache folder ${root}: others can write to it (mode 0777); running without this cache.\n`,
    );
  });

  it('lives under the user cache folder of each system', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/x/cache' }, 'linux')).toBe('/x/cache/pipewright');
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative' }, 'linux')).toMatch(/\/\.cache\/pipewright$/);
    expect(cacheRoot({}, 'darwin')).toMatch(/\/Library\/Caches\/pipewright$/);
    expect(cacheRoot({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(/Local.pipewright$/);
  });
});
