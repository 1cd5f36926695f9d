// What `pipewright run` pays for running SequentialRunner's nodes off its main thread (so that
// Ctrl+C is always heard): the real CLI, a chain of 1 and of 1,000 trivial nodes, with the
// default SequentialRunner (one worker thread) and with a project runner that extends the
// library's SequentialRunner (nodes on the CLI's own thread). Wall time of the whole command.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPS, fmt, repeat, writeResult } from './lib/measure';

const BIN = join(__dirname, '..', 'bin', 'pipewright');

function chainProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-cli-'));
  const files: Record<string, string> = {
    'conf/base/parameters.yml': 'x: 1\n',
    'conf/base/catalog.yml': '',
    'conf/local/.keep': '',
    'src/runner.ts':
      "import { SequentialRunner } from 'pipewright';\nexport class InProcessRunner extends SequentialRunner {}\n",
    'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
const identity = (x: unknown) => x;
const chain = (n: number) =>
  pipeline(Array.from({ length: n }, (_, i) => node(identity, i === 0 ? 'params:x' : \`d\${i}\`, \`d\${i + 1}\`, { name: \`n\${i}\` })));
export function registerPipelines() {
  return { __default__: chain(1), chain1: chain(1), chain1000: chain(1000) };
}
`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function cliRun(project: string, pipeline: string, runner?: string): Promise<number> {
  const args = [BIN, 'run', '--project', project, '--pipeline', pipeline, ...(runner ? ['--runner', runner] : [])];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`pipewright run exited ${code}`)),
    );
  });
}

export async function run(): Promise<void> {
  const project = chainProject();
  try {
    const inProcess = 'src/runner.ts#InProcessRunner';
    const figures = {
      offThreadChain1Ms: await repeat(REPS, () => cliRun(project, 'chain1')),
      inProcessChain1Ms: await repeat(REPS, () => cliRun(project, 'chain1', inProcess)),
      offThreadChain1000Ms: await repeat(REPS, () => cliRun(project, 'chain1000')),
      inProcessChain1000Ms: await repeat(REPS, () => cliRun(project, 'chain1000', inProcess)),
    };
    const perRun = figures.offThreadChain1Ms.median - figures.inProcessChain1Ms.median;
    const perNode = (n: 'offThread' | 'inProcess') =>
      ((figures[`${n}Chain1000Ms`].median - figures[`${n}Chain1Ms`].median) / 999) * 1000;
    console.log(`chain1, off-thread:    ${fmt(figures.offThreadChain1Ms)}`);
    console.log(`chain1, in process:    ${fmt(figures.inProcessChain1Ms)}`);
    console.log(`chain1000, off-thread: ${fmt(figures.offThreadChain1000Ms)}`);
    console.log(`chain1000, in process: ${fmt(figures.inProcessChain1000Ms)}`);
    console.log(
      `off-thread cost per run: ${perRun.toFixed(1)} ms; per node: ${perNode('offThread').toFixed(0)} µs off-thread vs ${perNode('inProcess').toFixed(0)} µs in process`,
    );
    writeResult('cli-sequential', {
      ...figures,
      perRunMs: perRun,
      perNodeUs: { offThread: perNode('offThread'), inProcess: perNode('inProcess') },
    });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
