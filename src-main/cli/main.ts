import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { PipewrightError } from '../engine/errors';
import { EXIT, processIO, type CliIO } from './cli-io';
import { registerListCommand } from './commands/list';
import { registerNewCommand } from './commands/new';
import { registerRunCommand } from './commands/run';
import { registerRunsCommand } from './commands/runs';
import { registerServeCommand } from './commands/serve';
import { registerWorkerCommand } from './commands/worker';
import { registerWorkersCommand } from './commands/workers';
import { registerStatusCommand } from './commands/status';
import { registerGcCommand } from './commands/gc';
import { closeHistories } from './history-bridge';
import { useNodeWorkers } from '../workers/node-launcher';

/** Runs the CLI and resolves to the exit status: 0 ok, 1 a run failed, 2 bad usage or project. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
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
  registerRunCommand(program, io, setExit);
  registerListCommand(program, io);
  registerRunsCommand(program, io);
  registerServeCommand(program, io);
  registerNewCommand(program, io);
  registerWorkerCommand(program, io, setExit);
  registerWorkersCommand(program, io, setExit);
  registerStatusCommand(program, io);
  registerGcCommand(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  } finally {
    closeHistories();
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
