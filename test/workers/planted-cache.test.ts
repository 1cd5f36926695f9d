// Another local user who creates Pipewright's cache folders first must not get code run: the
// CLI and its workers keep transpiled files and code caches in the user's own cache folder and
// refuse a folder someone else made or can write to. The attack: run once to learn which cache
// files a run writes, plant code of ours under those names in folders another user owns (or a
// group-writable one), run again, and see whether the planted code ran.
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, pipewright, removeDir } from '../cli/cli-helpers';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const CODE = /\.(c|m)?js$/;
const scratch = mkdtempSync(join(tmpdir(), 'pw-planted-'));
let project: string;
/** Relative paths (under the temp and cache folders) of the files a normal run writes. */
let written: string[] = [];

/** A user's temp and cache folders: the run's TMPDIR and XDG_CACHE_HOME. */
const homeOf = (base: string) => ({ TMPDIR: join(base, 'tmp'), XDG_CACHE_HOME: join(base, 'cache') });
const run = (base: string) =>
  pipewright(['run', '--project', project, '--runner', 'ParallelRunner'], { env: homeOf(base) });

function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return lstatSync(p).isDirectory() ? filesUnder(p, base) : [relative(base, p)];
  });
}

/** The files a run wrote, planted under `base`: code files start with a line that leaves a mark. */
function plant(base: string, marker: string, owner: (dir: string) => void): void {
  for (const file of written) {
    const target = join(base, file);
    mkdirSync(dirname(target), { recursive: true });
    const original = join(scratch, 'first', file);
    if (!CODE.test(file)) cpSync(original, target);
    else
      writeFileSync(
        target,
        `require("node:fs").appendFileSync(${JSON.stringify(marker)}, "planted code ran\\n");${readFileSync(original, 'utf8')}`,
      );
  }
  // The planted folders (not the user's tmp and cache folders themselves) are the attacker's.
  for (const top of ['tmp', 'cache'])
    for (const name of existsSync(join(base, top)) ? readdirSync(join(base, top)) : []) owner(join(base, top, name));
}

function ownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) ownTree(join(path, name), uid);
}

function groupWritable(path: string): void {
  if (!lstatSync(path).isDirectory()) return;
  chmodSync(path, 0o775);
  for (const name of readdirSync(path)) groupWritable(join(path, name));
}

beforeAll(async () => {
  project = copyExample('spaceflights');
  const first = join(scratch, 'first');
  for (const d of Object.values(homeOf(first))) mkdirSync(d, { recursive: true });
  const ran = await run(first);
  expect(ran.code, ran.stderr).toBe(0);
  written = filesUnder(first);
});

afterAll(() => {
  removeDir(project);
  rmSync(scratch, { recursive: true, force: true });
});

describe('cache folders someone else could have written to', () => {
  it('a run keeps its cached code in the user cache folder, none in the temp folder', () => {
    expect(written.filter((f) => CODE.test(f)).length).toBeGreaterThan(0);
    expect(written.filter((f) => f.startsWith('tmp/') && CODE.test(f))).toEqual([]);
  });

  const attacks = [
    {
      name: "another user's folders",
      rootOnly: true,
      owner: (p: string) => ownTree(p, NOBODY),
      reason: `it belongs to uid ${NOBODY}`,
    },
    {
      name: 'group-writable folders',
      rootOnly: false,
      owner: groupWritable,
      reason: 'others can write to it (mode 0775)',
    },
  ];
  for (const attack of attacks) {
    it.skipIf(attack.rootOnly && !isRoot)(`code planted in ${attack.name} is neither run nor trusted`, async () => {
      const base = join(scratch, attack.name.replace(/\W+/g, '-'));
      const marker = join(scratch, `${attack.name.replace(/\W+/g, '-')}.ran`);
      for (const d of Object.values(homeOf(base))) mkdirSync(d, { recursive: true });
      plant(base, marker, attack.owner);
      const before = filesUnder(base).map((f) => [f, lstatSync(join(base, f)).mtimeMs]);

      const ran = await run(base);

      expect(ran.code, ran.stderr).toBe(0);
      expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'nothing ran').toBe('nothing ran');
      // Nothing read from or written to the planted folders: the run used none of them.
      expect(filesUnder(base).map((f) => [f, lstatSync(join(base, f)).mtimeMs])).toEqual(before);
      expect(ran.stderr).toContain(
        `pipewright: not using the cache folder ${join(base, 'cache', 'pipewright')}: ${attack.reason}`,
      );
    });
  }
});
