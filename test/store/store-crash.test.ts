// Outputs are copied into the store off the run's path, under a temporary name renamed when
// whole: a CLI killed in the middle of a copy leaves no half object, and the history claims no
// output kept that the store does not hold whole.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPath } from '../../src-main/fingerprint';
import { openHistory } from '../../src-main/history';
import { ObjectStore, OBJECTS_DIR, readStoreConfig } from '../../src-main/store';
import { BIN, REPO, pipewright, removeDir, writeProject } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** big: a text output large enough that copying it takes a while; small: one that is copied at once. */
function bigOutputProject(): string {
  return writeProject({
    'conf/base/catalog.yml': [
      'big: { type: TextDataset, filepath: data/big.txt }',
      'small: { type: JSONDataset, filepath: data/small.json }',
      '',
    ].join('\n'),
    'conf/base/parameters.yml': 'mb: 192\n',
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
const small = () => ({ ok: true });
const big = (_s: unknown, mb: number) => 'abcdefgh'.repeat(mb * 131072);
export function registerPipelines() {
  return {
    __default__: pipeline([
      node(small, [], 'small', { name: 'small' }),
      node(big, ['small', 'params:mb'], 'big', { name: 'big' }),
    ]),
  };
}
`,
  });
}

const temps = (objects: string): string[] =>
  existsSync(objects)
    ? readdirSync(objects).flatMap((shard) =>
        readdirSync(join(objects, shard))
          .filter((n) => n.includes('.tmp-'))
          .map((n) => join(objects, shard, n)),
      )
    : [];

/** Starts a run and kills the CLI with SIGKILL as soon as a copy into the store is under way. */
function runKilledMidCopy(dir: string): Promise<boolean> {
  const objects = join(dir, OBJECTS_DIR);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', '--project', dir], { cwd: REPO, stdio: 'ignore' });
    let caught = false;
    const poll = setInterval(() => {
      if (caught || !temps(objects).length) return;
      caught = true;
      child.kill('SIGKILL');
    }, 1);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(caught);
    });
  });
}

describe('the store when the CLI is killed mid-copy', () => {
  it('holds no half object, and the history claims none kept', async () => {
    const dir = bigOutputProject();
    dirs.push(dir);
    const caught = await runKilledMidCopy(dir);
    // The kill landed while a temporary was being written (else this test proves nothing).
    expect(caught).toBe(true);

    const store = new ObjectStore(dir, readStoreConfig(dir));
    for (const object of store.list()) {
      if (object.kind === 'value') continue;
      expect((await hashPath(object.path))?.hash, object.path).toBe(object.hash);
    }
    const history = openHistory(dir);
    try {
      for (const run of history.listRuns())
        for (const record of history.fingerprints.datasetsOfRun(run.runId)) {
          if (record.kind !== 'save' || !record.kept || record.kept === 'too-large') continue;
          expect(store.get(record.hash), `${record.dataset} of run ${run.runId}`).toBeDefined();
        }
    } finally {
      history.close();
    }

    // The next run keeps the output whole, and shows it.
    const again = await pipewright(['run', '--project', dir, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const runId = (JSON.parse(again.stdout) as { runId: string }).runId;
    const big = (await hashPath(join(dir, 'data/big.txt')))!;
    const kept = store.get(big.hash);
    expect(kept?.bytes).toBe(192 * 2 ** 20);
    expect((await hashPath(kept!.path))?.hash).toBe(big.hash);
    const shown = await pipewright(['show', runId, '--project', dir, '--output', 'small']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ ok: true });
  });
});
