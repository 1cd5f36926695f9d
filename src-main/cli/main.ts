import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PipewrightError } from '../engine/errors';
import { EXIT, processIO, type CliIO } from './cli-io';
import { useNodeWorkers } from '../workers/node-launcher';
import { closeEarlyRunThread, startEarlyRunThread } from './early-run-thread';

type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/**
 * Each command's module, loaded only when that command runs (or for --help): what `run` does on
 * this thread must not wait for the engine, the server or the project loaders to be compiled.
 * In the order `--help` lists them; `show` lives in the `runs` module.
 */
const COMMANDS: Array<[names: string[], load: () => Promise<Register>]> = [
  [['run'], async () => (await import('./commands/run')).registerRunCommand],
  [['list'], async () => (await import('./commands/list')).registerListCommand],
  [['runs', 'show'], async () => (await import('./commands/runs')).registerRunsCommand],
  [
    ['serve'],
    async () => {
      const { registerServeCommand } = await import('./commands/serve');
      return (program, io) => registerServeCommand(program, io);
    },
  ],
  [['new'], async () => (await import('./commands/new')).registerNewCommand],
  [['worker'], async () => (await import('./commands/worker')).registerWorkerCommand],
  [['workers'], async () => (await import('./commands/workers')).registerWorkersCommand],
  [['status'], async () => (await import('./commands/status')).registerStatusCommand],
  [['gc'], async () => (await import('./commands/gc')).registerGcCommand],
];

/** Runs the CLI and resolves to the exit status: 0 ok, 1 a run failed, 2 bad usage or project. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  await startEarlyRunThread(argv);
  useNodeWorkers(); // pool runners here (and under `serve`) run Node threads and child processes
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => (exitCode = code);
  const program = new Command('pipewright')
    .description('Build, run and inspect Kedro-style data pipelines')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run pipewright --help for usage)');
  try {
    // A known command loads its own module; anything else (--help, a typo) loads them all.
    const asked = COMMANDS.filter(([names]) => names.includes(argv[0]));
    for (const [, load] of asked.length ? asked : COMMANDS) (await load())(program, io, setExit);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  } finally {
    closeEarlyRunThread();
    // Loaded here rather than with this module: the history (and SQLite) load after the run's thread started.
    (await import('./history-bridge')).closeHistories();
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function reportError(err: unknown, io: CliIO): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // Anything that escapes a command is a problem with the request or the project, never a crash of ours to show raw.
  const message = err instanceof Error ? err.message : String(err);
  const kind = err instanceof PipewrightError ? '' : `${err instanceof Error ? err.name : 'Error'}: `;
  io.stderr.write(`Error: ${kind}${message}\n`);
  if (io.env.PIPEWRIGHT_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
  return EXIT.usage;
}
