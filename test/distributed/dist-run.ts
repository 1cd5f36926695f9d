// `pipewright run --runner DistributedRunner` on a test's project and queue, as a user types it.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, REPO, pipewright, type CliResult } from '../cli/cli-helpers';

/** The arguments of a distributed run of `project` on the queue at `url`, then `extra`. */
export function distArgs(project: string, url: string, extra: string[] = []): string[] {
  return ['run', '--project', project, '--runner', 'DistributedRunner', '--queue', url, ...extra];
}

/** Runs it to the end with `--json`; resolves to its exit code and output. */
export function distRun(project: string, url: string, ...extra: string[]): Promise<CliResult> {
  return pipewright(distArgs(project, url, ['--json', ...extra]));
}

/** Starts it as a child process the test may signal (Ctrl+C, SIGKILL); its stderr is collected. */
export function distSpawn(project: string, url: string, ...extra: string[]): { child: ChildProcess; stderr(): string } {
  const child = spawn(process.execPath, [BIN, ...distArgs(project, url, extra)], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, stderr: () => stderr };
}
