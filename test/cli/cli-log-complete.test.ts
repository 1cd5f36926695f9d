import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../src-main/history';
import { waitFor } from '../wait-for';
import { BIN, REPO, removeDir, writeProject } from './cli-helpers';

// FAST identity nodes, then `slow` (waits params:slow_ms; a negative wait throws an uncaught error
// from a timer instead), then `last`.
const FAST = 200;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(): string {
  const dir = writeProject({
    'conf/base/catalog.yml': '{}\n',
    'conf/base/parameters.yml': 'x: 1\nslow_ms: 0\n',
    'src/pipeline_registry.ts': [
      "import { node, pipeline } from 'pipewright';",
      'const identity = <T>(x: T): T => x;',
      'const slow = (x: number, ms: number) => new Promise((r) => setTimeout(() => { if (ms < 0) throw new Error("crash"); r(x); }, Math.abs(ms)));',
      'export const registerPipelines = () => ({ __default__: pipeline([',
      `  ...Array.from({ length: ${FAST} }, (_, i) => node(identity, i === 0 ? 'params:x' : \`d\${i}\`, \`d\${i + 1}\`, { name: \`n\${i}\` })),`,
      `  node(slow, ['d${FAST}', 'params:slow_ms'], 'late', { name: 'slow' }),`,
      "  node(identity, 'late', 'end', { name: 'last' }),",
      ']) });',
    ].join('\n'),
  });
  dirs.push(dir);
  return dir;
}

function start(dir: string, slowMs: number) {
  const child = spawn(process.execPath, [BIN, 'run', '--project', dir, '--params', `slow_ms=${slowMs}`], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  // What a shell reports as 130: exit code 130, or death by SIGINT while the process is already closing.
  const status = new Promise<number | null>((res) =>
    child.on('close', (code, signal) => res(signal === 'SIGINT' ? 130 : code)),
  );
  return { child, done, status, stderr: () => stderr };
}

/** The run's log as the history has it, and each line's message found in stderr, in the same order. */
function expectLogInBoth(dir: string, stderr: string) {
  const history = openHistory(dir);
  try {
    const run = history.getRun(history.listRuns()[0].runId)!;
    let from = 0;
    for (const line of run.logs) {
      const at = stderr.indexOf(`- ${line.message}`, from);
      expect(at, `stderr lacks, or has out of order: ${line.message}`).toBeGreaterThanOrEqual(0);
      from = at + line.message.length;
    }
    return run;
  } finally {
    history.close();
  }
}

describe("a run's log reaches stderr and the history in full", () => {
  it('when the run ends', async () => {
    const dir = project();
    const run = start(dir, 0);
    expect(await run.done).toBe(0);
    const recorded = expectLogInBoth(dir, run.stderr());
    expect(recorded.status).toBe('success');
    // Per node: loading, running, saving, completed node, completed n of N.
    expect(recorded.logs.filter((l) => l.message.startsWith('Running node: ')).length).toBe(FAST + 2);
    expect(recorded.logs.length).toBeGreaterThanOrEqual((FAST + 2) * 5);
    expect(run.stderr().match(/ - INFO - /g)!.length).toBeGreaterThanOrEqual((FAST + 2) * 5);
  });

  it('when Ctrl+C cancels it', async () => {
    const dir = project();
    const run = start(dir, 1500);
    await waitFor('the slow node to start', () => run.stderr().includes('Running node: slow'));
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
    const recorded = expectLogInBoth(dir, run.stderr());
    expect(recorded.status).toBe('cancelled');
    expect(recorded.logs.some((l) => l.message.startsWith('Cancelling the run'))).toBe(true);
    // The node that was running is stopped with the run, not left to finish.
    expect(recorded.nodes.filter((n) => n.status === 'done').length).toBe(FAST);
    expect(Object.fromEntries(recorded.nodes.slice(-2).map((n) => [n.name, n.status]))).toEqual({
      slow: 'cancelled',
      last: 'skipped',
    });
  });

  it('when a second Ctrl+C stops the process at once', async () => {
    const dir = project();
    const run = start(dir, 60_000);
    await waitFor('the slow node to start', () => run.stderr().includes('Running node: slow'));
    run.child.kill('SIGINT');
    await waitFor('the first Ctrl+C to be taken', () => run.stderr().includes('Cancelling the run'));
    run.child.kill('SIGINT');
    // The first Ctrl+C may already have ended the run: the second can land while the process closes.
    expect(await run.status).toBe(130);
    const recorded = expectLogInBoth(dir, run.stderr());
    expect(recorded.status).toBe('cancelled');
    expect(recorded.logs.some((l) => l.message === 'Cancelling the run: no new node will start.')).toBe(true);
    expect(recorded.logs.filter((l) => l.message.startsWith('Running node: ')).length).toBe(FAST + 1);
    expect(Object.fromEntries(recorded.nodes.slice(-2).map((n) => [n.name, n.status]))).toEqual({
      slow: 'cancelled',
      last: 'skipped',
    });
  });

  it("when a node's uncaught error ends the thread it runs on", async () => {
    const dir = project();
    const run = start(dir, -1);
    expect(await run.done).toBe(1);
    expect(run.stderr()).toContain('exited with error: crash while running node slow');
    const recorded = expectLogInBoth(dir, run.stderr());
    expect(recorded.status).toBe('failed');
    expect(recorded.nodes.find((n) => n.name === 'slow')?.status).toBe('failed');
    expect(recorded.logs.filter((l) => l.message.startsWith('Running node: ')).length).toBe(FAST + 1);
    expect(recorded.nodes.filter((n) => n.status === 'done').length).toBe(FAST);
  });
});
