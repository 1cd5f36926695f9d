// Real `pipewright worker` processes, as a user starts them on each machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, REPO } from '../cli/cli-helpers';
import { waitFor } from '../wait-for';

export interface TestWorker {
  pid: number;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

const started: TestWorker[] = [];

export async function startWorker(project: string, url: string, stallMs = 2000): Promise<TestWorker> {
  const child = spawn(
    process.execPath,
    [BIN, 'worker', '--project', project, '--queue', url, '--stall-ms', String(stallMs)],
    { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const worker: TestWorker = {
    pid: child.pid!,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  started.push(worker);
  await waitFor(
    `worker ${child.pid} to start`,
    () => / worker \S+ of project /.test(log) || child.exitCode !== null,
    60_000,
  );
  if (child.exitCode !== null) throw new Error(`pipewright worker exited: ${log}`);
  return worker;
}

export async function stopWorkers(): Promise<void> {
  await Promise.all(started.splice(0).map((w) => w.stop()));
}
