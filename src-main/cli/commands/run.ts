import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startRun, type RunOutcome, type RunRequest } from '../../services/run-request';
import { UsageError } from '../../services/usage-error';
import { EXIT, type CliIO } from '../cli-io';
import { parseLoadVersions, parseMaxWorkers, parseParams, splitNames } from '../parse-options';
import { RunLogger } from '../run-logger';
import { openRecorder, resumeRequest } from '../history-bridge';

export interface RunFlags {
  project?: string;
  pipeline?: string;
  runner?: string;
  parallel?: boolean;
  async?: boolean;
  maxWorkers?: string;
  nodes?: string;
  fromNodes?: string;
  toNodes?: string;
  fromInputs?: string;
  toOutputs?: string;
  tags?: string;
  namespace?: string;
  params?: string;
  loadVersions?: string;
  env?: string;
  json?: boolean;
  resume?: string;
}

export function registerRunCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('run')
    .description("run a pipeline (the project's __default__ unless --pipeline says otherwise)")
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .option('--pipeline <name>', 'the registered pipeline to run', '__default__')
    .option('--runner <name>', 'SequentialRunner, ThreadRunner, ParallelRunner, or src/file.ts#MyRunner')
    .option('--parallel', 'run with ParallelRunner (cannot be combined with --runner)')
    .option('--async', 'load inputs and save outputs of each node concurrently')
    .option('--max-workers <n>', 'the most nodes to run at once (thread and parallel runners)')
    .option('--nodes <names>', 'run only these nodes (comma-separated)')
    .option('--from-nodes <names>', 'run from these nodes downstream')
    .option('--to-nodes <names>', 'run up to these nodes')
    .option('--from-inputs <datasets>', 'run the nodes downstream of these datasets')
    .option('--to-outputs <datasets>', 'run the nodes needed to produce these datasets')
    .option('--tags <tags>', 'run only nodes with any of these tags')
    .option('--namespace <ns>', 'run only nodes in this namespace')
    .option('--params <k=v,...>', 'override parameters; dotted keys reach nested values')
    .option('--load-versions <ds:version,...>', 'load these versions of versioned datasets')
    .option('--env <name>', 'read conf/<name> over conf/base instead of conf/local')
    .option('--resume <run-id>', 'run the remaining nodes of a failed run, with its parameters')
    .option('--json', 'print one JSON document describing the run on stdout')
    .action(async (flags: RunFlags) => setExit(await runCommand(flags, io, process.argv.slice(2))));
}

export function requestFromFlags(flags: RunFlags, io: CliIO): RunRequest {
  if (flags.parallel && flags.runner) {
    throw new UsageError('Both --parallel and --runner options cannot be used together. Please use either --parallel or --runner.');
  }
  return {
    projectRoot: resolve(io.cwd, flags.project ?? '.'),
    pipeline: flags.pipeline,
    runner: flags.parallel ? 'ParallelRunner' : flags.runner,
    isAsync: Boolean(flags.async),
    maxWorkers: parseMaxWorkers(flags.maxWorkers),
    nodes: splitNames(flags.nodes),
    fromNodes: splitNames(flags.fromNodes),
    toNodes: splitNames(flags.toNodes),
    fromInputs: splitNames(flags.fromInputs),
    toOutputs: splitNames(flags.toOutputs),
    tags: splitNames(flags.tags),
    namespace: flags.namespace,
    params: parseParams(flags.params),
    loadVersions: parseLoadVersions(flags.loadVersions),
    env: flags.env,
  };
}

export async function runCommand(flags: RunFlags, io: CliIO, argv: string[]): Promise<number> {
  let request = requestFromFlags(flags, io);
  if (flags.resume) request = { ...resumeRequest(request.projectRoot, flags.resume), ...pickExplicit(request, flags) };
  request.commandLine = ['pipewright', ...argv].join(' ');

  const logger = new RunLogger(io);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      logger.message('warning', 'Cancelling the run (press Ctrl+C again to stop at once)...');
      controller.abort();
    } else process.exit(EXIT.cancelled);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const outcome = await startRun(request, {
      onEvent: logger.onEvent,
      signal: controller.signal,
      record: (meta) => openRecorder(meta),
    });
    logger.close();
    report(outcome, flags, io, argv);
    if (outcome.status === 'success') return EXIT.ok;
    return outcome.status === 'cancelled' ? EXIT.cancelled : EXIT.runFailed;
  } finally {
    logger.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** With --resume, flags given on the command line still win over the resumed run's. */
function pickExplicit(request: RunRequest, flags: RunFlags): Partial<RunRequest> {
  const out: Partial<RunRequest> = { projectRoot: request.projectRoot };
  if (flags.runner || flags.parallel) out.runner = request.runner;
  if (flags.async) out.isAsync = true;
  if (flags.maxWorkers) out.maxWorkers = request.maxWorkers;
  if (flags.env) out.env = request.env;
  return out;
}

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

function report(outcome: RunOutcome, flags: RunFlags, io: CliIO, argv: string[]): void {
  const resume = outcome.resumeFrom?.length ? resumeCommand(argv, outcome.resumeFrom) : undefined;
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
  if (!failed.length && outcome.error && outcome.status !== 'cancelled') lines.push(`Run failed: ${outcome.error.message}`);
  if (resume) lines.push(`Resume with:\n  ${resume}`);
  else if (outcome.status === 'failed') lines.push('No nodes ran. Repeat the previous command to attempt a new run.');
  io.stderr.write(`${lines.join('\n')}\n`);
}
