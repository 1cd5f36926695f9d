// Copies the example projects and our fixture project into a temp folder, builds the renderer if
// it is missing, and starts `pipewright serve` on the variance example. The URL (first stdout line)
// and the folder reach the specs through process.env.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..', '..');

function serveCommand(project: string): [string, string[]] {
  const help = execFileSync(join(ROOT, 'bin', 'pipewright'), ['--help'], { encoding: 'utf8' });
  if (/\bserve\b/.test(help)) return [join(ROOT, 'bin', 'pipewright'), ['serve', '--project', project, '--port', '0']];
  return [process.execPath, [join(__dirname, 'serve-fallback.cjs'), '--project', project, '--port', '0']];
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join(__dirname, 'build-renderer.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-e2e-'));
  for (const name of ['variance', 'spaceflights'])
    cpSync(join(ROOT, 'examples', name), join(dir, name), { recursive: true });
  // The editor spec saves a pipeline into its own copy, so the other specs see the example unchanged.
  cpSync(join(ROOT, 'examples', 'variance'), join(dir, 'editor-variance'), { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'e2e-projects', 'slow-flaky'), join(dir, 'slow-flaky'), { recursive: true });

  const [cmd, args] = serveCommand(join(dir, 'variance'));
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, PIPEWRIGHT_DATA_DIR: join(dir, 'app-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`pipewright serve printed no URL in 60 s:\n${stderr}`)), 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      ok(line.trim());
    });
    child.once('exit', (code) => fail(new Error(`pipewright serve exited with ${code}:\n${stderr}`)));
  });
  process.env.PW_E2E_URL = url;
  process.env.PW_E2E_DIR = dir;

  return async () => {
    child.kill('SIGTERM');
    await new Promise((ok) => setTimeout(ok, 300));
    rmSync(dir, { recursive: true, force: true });
  };
}
