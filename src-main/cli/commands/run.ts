import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunOutcome, RunRecorderLike, RunRequest } from '../../services/run-request';
import { UsageError } from '../../services/usage-error';
import { EXIT, type CliIO } from '../cli-io';
import { runOptionFlags, runOptionsFromFlags } from '../parse-options';
import { RunLogger } from '../run-logger';
import { closeHistories, fingerprintsOf, openRecorder, resumeRequest } from '../history-bridge';
import { RunGuard } from '../run-guard';
import { divertStdout } from '../json-stdout';
import { RunThread } from '../../services/run-thread/run-thread';
import { takeEarlyRunThread } from '../early-run-thread';

/** The flags of `pipewright run` that are not run options: where, how to report, what to resume. */
export interface RunFlags extends Record<string, unknown> {
  project?: string;
  parallel?: boolean;
  env?: string;
  json?: boolean;
  resume?: string;
}

export function registerRunCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const run = program
    .command('run')
    .description("run a pipeline (the project's __default__ unless --pipeline says otherwise)")
    .option('--project <dir>', 'the project folder (default: the current directory)');
  for (const flag of runOptionFlags()) run.option(flag.spec, flag.description);
  run
    .option('--parallel', 'run with ParallelRunner (cannot be combined with --runner)')
    .option('--env <name>', 'read conf/<name> over conf/base instead of conf/local')
    .option('--resume <run-id>', 'run the remaining nodes of a failed run, with its request (flags given here win)')
    .option('--json', 'print one JSON document describing the run on stdout')
    .action(async (flags: RunFlags) => setExit(await runCommand(flags, io, process.argv.slice(2))));
}

/** The request the flags ask for: only what was given, so that with --resume the rest comes from the run. */
export function requestFromFlags(flags: RunFlags, io: CliIO): RunRequest {
  if (flags.parallel && flags.runner) {
    throw new UsageError(
      'Both --parallel and --runner options cannot be used together. Please use either --parallel or --runner.',
    );
  }
  const request: RunRequest = { ...runOptionsFromFlags(flags), projectRoot: resolve(io.cwd, flags.project ?? '.') };
  if (flags.parallel) request.runner = 'ParallelRunner';
  if (flags.env) request.env = flags.env;
  return request;
}

export async function runCommand(flags: RunFlags, io: CliIO, argv: string[]): Promise<number> {
  let request = requestFromFlags(flags, io);
  if (flags.resume) request = { ...resumeRequest(request.projectRoot, flags.resume), ...request };
  request.commandLine = ['pipewright', ...argv].join(' ');

  const restoreStdout = flags.json ? divertStdout(io) : () => undefined;
  const logger = new RunLogger(io);
  const controller = new AbortController();
  let recorder: RunRecorderLike | undefined;
  const guard = new RunGuard(
    {
      emit: (event) => {
        recorder?.onEvent(event);
        logger.onEvent(event);
      },
      report: (outcome) => {
        logger.close();
        restoreStdout();
        report(outcome, request, flags, io, argv);
        closeHistories();
      },
    },
    EXIT.runFailed,
  );
  // SequentialRunner runs the whole run on one worker thread (services/run-thread); other runners here,
  // so only they load the engine on this thread.
  const thread = (request.runner ?? 'SequentialRunner') === 'SequentialRunner' ? runThread(request) : undefined;
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      logger.message('warning', 'Cancelling the run (press Ctrl+C again to stop at once)...');
      controller.abort();
      thread?.abort();
    } else if (!thread) guard.stopNow(EXIT.cancelled);
    else {
      const outcome = thread.stopNow();
      if (!outcome) return; // the run is already over: it is being reported
      logger.close();
      restoreStdout();
      report(outcome, request, flags, io, argv);
      closeHistories();
      process.exit(EXIT.cancelled);
    }
  };
  function runThread(request: RunRequest): RunThread {
    return new RunThread(
      request,
      { onEvent: logger.onEvent, record: (meta) => (recorder = openRecorder(meta)) },
      { fingerprints: true, keepMemory: false },
      takeEarlyRunThread(),
    );
  }
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  if (!thread) guard.install();
  try {
    const outcome = thread
      ? await thread.outcome
      : await (
          await import('../../services/run-request')
        ).startRun(request, {
          onEvent: (event) => {
            guard.onEvent(event);
            logger.onEvent(event);
          },
          signal: controller.signal,
          record: (meta) => (recorder = openRecorder(meta)),
          fingerprints: fingerprintsOf(request.projectRoot),
        });
    guard.uninstall();
    logger.close();
    restoreStdout();
    report(outcome, request, flags, io, argv);
    if (outcome.status === 'success') return EXIT.ok;
    return outcome.status === 'cancelled' ? EXIT.cancelled : EXIT.runFailed;
  } finally {
    guard.uninstall();
    logger.close();
    restoreStdout();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    // Once cancelled, the run is recorded: a further Ctrl+C while the CLI finishes ends it with that status.
    if (interrupts > 0) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, exitCancelled);
  }
}

const exitCancelled = () => process.exit(EXIT.cancelled);

/** `pipewright run ... --from-nodes "a,b"`: the previous command with the resume point in place. */
export function resumeCommand(argv: string[], fromNodes: string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (['--from-nodes', '--nodes', '--resume'].includes(arg)) {
      i++;
      continue;
    }
    if (/^--(from-nodes|nodes|resume)=/.test(arg) || arg === '--json') continue;
    kept.push(/[\s"'$`\\]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg);
  }
  if (kept[0] !== 'run') kept.unshift('run');
  return `pipewright ${kept.join(' ')} --from-nodes "${fromNodes.join(',')}"`;
}

function report(outcome: RunOutcome, request: RunRequest, flags: RunFlags, io: CliIO, argv: string[]): void {
  // A resumed run's request came from the history, not from this command line: resume it by id.
  const resume = !outcome.resumeFrom?.length
    ? undefined
    : request.resumeOf
      ? `pipewright run --project ${request.projectRoot} --resume ${outcome.runId}`
      : resumeCommand(argv, outcome.resumeFrom);
  if (flags.json) {
    const doc = {
      runId: outcome.runId,
      status: outcome.status,
      pipeline: outcome.pipeline,
      runner: outcome.runner,
      async: outcome.isAsync,
      maxWorkers: outcome.maxWorkers,
      startedAt: new Date(outcome.startedAt).toISOString(),
      durationMs: outcome.endedAt - outcome.startedAt,
      nodes: outcome.nodes.map((n) => ({
        name: n.name,
        status: n.status,
        worker: n.worker,
        durationMs: n.startedAt !== undefined && n.endedAt !== undefined ? n.endedAt - n.startedAt : undefined,
        loadMs: n.loadMs,
        computeMs: n.computeMs,
        saveMs: n.saveMs,
        error: n.error ? { name: n.error.name, message: n.error.message } : undefined,
      })),
      freeOutputs: outcome.freeOutputs,
      error: outcome.error ? { name: outcome.error.name, message: outcome.error.message } : undefined,
      resumeFrom: outcome.resumeFrom,
      resumeCommand: resume,
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
  if (outcome.status === 'success') return;
  const failed = outcome.nodes.filter((n) => n.status === 'failed');
  const lines: string[] = [];
  if (outcome.status === 'cancelled') lines.push(`Run ${outcome.runId} was cancelled.`);
  for (const n of failed) lines.push(`Node '${n.name}' failed: ${n.error?.message ?? 'unknown error'}`);
  if (!failed.length && outcome.error && outcome.status !== 'cancelled')
    lines.push(`Run failed: ${outcome.error.message}`);
  if (resume) lines.push(`Resume with:\n  ${resume}`);
  else if (outcome.status === 'failed' && !outcome.nodes.some((n) => n.status === 'done')) {
    lines.push('No nodes ran. Repeat the previous command to attempt a new run.');
  }
  io.stderr.write(`${lines.join('\n')}\n`);
}
