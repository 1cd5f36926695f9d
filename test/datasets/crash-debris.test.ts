import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleTempFiles } from '../../src-main/datasets/temp-sweep';
import { ownerTag } from '../../src-main/datasets/temp-owner';
import { kill, startWriter, stopWhile } from './writer-process';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const REPO = resolve(__dirname, '..', '..');
const isTemp = (name: string) => name.startsWith('.big.json.') && name.endsWith('.tmp');

describe('temp files of a writer killed mid-save', () => {
  it("carry the writer in their name; a sweep removes a dead writer's and keeps a live one's", async () => {
    const root = tempDir();
    const dead = startWriter(['json', root]);
    await dead.ready;
    const [debris] = await stopWhile(dead, join(root, 'data'), isTemp);
    await kill(dead);
    expect(readdirSync(join(root, 'data')).filter(isTemp)).toEqual([debris.slice(join(root, 'data').length + 1)]);
    expect(debris).toMatch(new RegExp(`\\.big\\.json\\.${dead.child.pid}-[sr][0-9a-z]+\\.[0-9a-f]{8}\\.tmp$`));

    const live = startWriter(['json', root]);
    await live.ready;
    const [inFlight] = await stopWhile(live, join(root, 'data'), (n) => isTemp(n) && n.includes(`.${live.child.pid}-`));
    const swept = await sweepStaleTempFiles(root);
    expect(swept).toEqual([debris]);
    expect(existsSync(debris)).toBe(false);
    expect(existsSync(inFlight)).toBe(true); // its writer is alive (stopped, not dead)
    await kill(live);
    expect(await sweepStaleTempFiles(root)).toEqual([inFlight]);
    expect(readdirSync(join(root, 'data')).filter(isTemp)).toEqual([]);
    // What a completed save left is whole.
    if (existsSync(join(root, 'data/big.json')))
      expect(JSON.parse(readFileSync(join(root, 'data/big.json'), 'utf8')).fill).toHaveLength(8_000_000);
  });

  it("a pid now used by another process does not keep a dead writer's file", async () => {
    const root = tempDir();
    mkdirSync(join(root, 'data/deep'), { recursive: true });
    // This test's own pid, but started at another time: the writer that named it is gone.
    const reused = join(root, 'data/deep', `.x.json.${process.pid}-s1.0000abcd.tmp`);
    const mine = join(root, 'data/deep', `.x.json.${ownerTag()}.0000abce.tmp`);
    for (const f of [reused, mine]) writeFileSync(f, 'half');
    expect(await sweepStaleTempFiles(root)).toEqual([reused]);
    expect(existsSync(mine)).toBe(true);
  });

  it('the next run of the project removes them before it starts', async () => {
    const root = tempDir();
    cpSync(join(REPO, 'test/fixtures/history-projects/chain'), root, {
      recursive: true,
      filter: (src) => !src.includes('.pipewright'),
    });
    const writer = startWriter(['json', root]);
    await writer.ready;
    const [debris] = await stopWhile(writer, join(root, 'data'), isTemp);
    await kill(writer);

    const run = spawn(process.execPath, [join(REPO, 'bin/pipewright'), 'run', '--project', root], { stdio: 'ignore' });
    const code = await new Promise((res) => run.on('close', res));
    expect(code).toBe(0);
    expect(existsSync(debris)).toBe(false);
    expect(listFiles(join(root, 'data')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
