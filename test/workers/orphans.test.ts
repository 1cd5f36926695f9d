// A worker process whose host dies (kill -9 of the CLI) must not go on to save outputs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { BIN, REPO, removeDir, writeProject } from '../cli/cli-helpers';
import { waitFor } from '../wait-for';

const SLEEP_MS = 1500;

// The node announces itself, then blocks (a synchronous computation: no event-loop turn in which
// the worker could notice anything) before it returns the output its worker saves.
const project = () =>
  writeProject({
    'conf/base/catalog.yml': 'result:\n  type: JSONDataset\n  filepath: data/result.json\n',
    'conf/base/parameters.yml': `ms: ${SLEEP_MS}\n`,
    'conf/local/.keep': '',
    'data/.keep': '',
    'src/pipeline_registry.ts': `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { node, pipeline } from 'pipewright';

function slow(ms: number) {
  writeFileSync(join(__dirname, '..', 'data', 'started'), String(process.pid));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return { done: true };
}

export function registerPipelines() {
  return { __default__: pipeline([node(slow, 'params:ms', 'result', { name: 'slow' })]) };
}
`,
  });

/** Pids whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Gone, or a zombie nobody reaps (a container's init may not). */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDir(dir);
});

it('ParallelRunner workers die with a CLI killed by SIGKILL, and save nothing after it', async () => {
  dir = project();
  const cli = spawn(process.execPath, [BIN, 'run', '--project', dir, '--runner', 'ParallelRunner'], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  const started = join(dir, 'data', 'started');
  try {
    const workerPid = Number(
      await waitFor(
        'the node to start in a worker',
        () => existsSync(started) && readFileSync(started, 'utf8'),
        40_000,
      ),
    );
    const workers = childrenOf(cli.pid!);
    expect(workers).toContain(workerPid);
    cli.kill('SIGKILL');
    // The node blocks for SLEEP_MS: its worker cannot exit before then, and then must exit at once.
    await waitFor('the worker processes to exit', () => workers.every(isGone), SLEEP_MS + 10_000);
    expect(existsSync(join(dir, 'data', 'result.json'))).toBe(false);
  } finally {
    cli.kill('SIGKILL');
  }
}, 60_000);
