import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

const WRITER = resolve(__dirname, '..', 'fixtures', 'dataset-writers', 'writer.cjs');

export interface Writer {
  child: ChildProcess;
  /** Resolves once the process has loaded the datasets and is about to save. */
  ready: Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  // A test that failed half way must not leave a writer saving forever.
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

/** Starts test/fixtures/dataset-writers/writer.cjs in a process of its own; killed after the test. */
export function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stderr }));
  });
  const ready = new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('ready\n')) res();
    });
    void done.then((r) => rej(new Error(`writer exited before it was ready: ${r.stderr}`)));
  });
  return { child, ready, done };
}

/**
 * Freezes the writer (SIGSTOP) at a moment when `dir` holds a name that `match` accepts, so the
 * caller can kill it there: mid-save, with that name on disk. Tries again if the name was gone
 * by the time the process stopped.
 */
export async function stopWhile(writer: Writer, dir: string, match: (name: string) => boolean): Promise<string[]> {
  const present = () => {
    try {
      return readdirSync(dir).filter(match);
    } catch {
      return [];
    }
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const until = Date.now() + 20_000;
    while (!present().length) {
      if (Date.now() > until || writer.child.exitCode !== null) throw new Error(`no name matching in ${dir}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    writer.child.kill('SIGSTOP');
    const found = present();
    if (found.length) return found.map((name) => join(dir, name));
    writer.child.kill('SIGCONT');
  }
  throw new Error(`could not stop the writer mid-save in ${dir}`);
}

/** Kills the writer with SIGKILL and waits for it to be gone. */
export async function kill(writer: Writer): Promise<void> {
  writer.child.kill('SIGKILL');
  const { signal } = await writer.done;
  if (signal !== 'SIGKILL') throw new Error(`writer ended with ${signal}`);
}
