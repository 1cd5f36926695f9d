import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'pipewright');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs ./bin/pipewright as a user would, in a child process. */
export function pipewright(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A copy of an example project as the repository has it (tracked files only, no outputs of earlier runs). */
export function copyExample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pw-${name}-`));
  const tracked = execFileSync('git', ['ls-files', '-z', `examples/${name}`], { cwd: REPO })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of tracked) {
    const target = join(dir, relative(join('examples', name), file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(REPO, file), target);
  }
  return dir;
}

/** Writes a project from a record of relative path → content. */
export function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-project-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
