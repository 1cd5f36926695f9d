import { resolve } from 'node:path';
import type { Command } from 'commander';
import { showOutput } from './show-output';
import type { RunStatus } from '../../../src-shared/run-events';
import { unknownRun } from '../../history';
import { UsageError } from '../../services/usage-error';
import type { CliIO } from '../cli-io';
import { historyOf } from '../history-bridge';
import { formatRunDetail, formatRunsTable } from './history-format';

const STATUSES: RunStatus[] = ['running', 'success', 'failed', 'cancelled', 'interrupted'];

export function registerRunsCommand(program: Command, io: CliIO): void {
  program
    .command('runs')
    .description('the run history, newest first')
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .option('--status <status>', `only runs with this status (${STATUSES.join(', ')})`)
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--limit <n>', 'at most this many runs', '20')
    .option('--json', 'print one JSON document on stdout')
    .action((flags: { project?: string; status?: string; pipeline?: string; limit: string; json?: boolean }) => {
      if (flags.status && !STATUSES.includes(flags.status as RunStatus)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not '${flags.status}'.`);
      }
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError(`--limit must be a positive whole number, not '${flags.limit}'.`);
      const history = historyOf(resolve(io.cwd, flags.project ?? '.'));
      const runs = history.listRuns({ status: flags.status as RunStatus | undefined, pipeline: flags.pipeline, limit });
      io.stdout.write(flags.json ? `${JSON.stringify({ runs }, null, 2)}\n` : formatRunsTable(runs));
    });

  program
    .command('show')
    .description('one run: its nodes, timings, errors, outputs and logs')
    .argument('<run-id>', 'the run id, as `pipewright runs` lists it')
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .option('--json', 'print one JSON document on stdout')
    .option('--output <name>', 'print an output as the run wrote it, from the store of past outputs')
    .option('--to <file>', 'with --output: restore it to this file (or folder) instead')
    .action((runId: string, flags: { project?: string; json?: boolean; output?: string; to?: string }) => {
      const root = resolve(io.cwd, flags.project ?? '.');
      const history = historyOf(root);
      const run = history.getRun(runId);
      if (!run) throw unknownRun(history, runId);
      if (flags.output) return showOutput(history, root, runId, flags.output, flags.to, io);
      const resume =
        run.status !== 'success' && run.status !== 'running'
          ? `pipewright run --project ${root} --resume ${run.runId}`
          : undefined;
      io.stdout.write(
        flags.json ? `${JSON.stringify({ ...run, resumeCommand: resume }, null, 2)}\n` : formatRunDetail(run, resume),
      );
    });
}
