import { resolve } from 'node:path';
import type { Command } from 'commander';
import { memoryKey, planChanged, staticFingerprints, type ChangedPlan } from '../../fingerprint';
import { storeKeeper } from '../../store/output-keeper';
import { loadProject } from '../../project/load-project';
import { selectPipeline } from '../../services/run-request';
import { UsageError } from '../../services/usage-error';
import type { CliIO } from '../cli-io';
import { parseParams } from '../parse-options';
import { historyOf } from '../history-bridge';

interface StatusFlags {
  project?: string;
  pipeline?: string;
  env?: string;
  params?: string;
  json?: boolean;
}

/** The stale nodes of a pipeline, as `run --changed` would find them, without running anything. */
export async function changedStatus(flags: StatusFlags, cwd: string): Promise<{ pipeline: string; plan: ChangedPlan }> {
  const root = resolve(cwd, flags.project ?? '.');
  const runtimeParams = parseParams(flags.params);
  const project = await loadProject(root, { env: flags.env, runtimeParams });
  const { name, pipeline } = selectPipeline(project, { projectRoot: root, pipeline: flags.pipeline });
  const catalog = project.createCatalog();
  const history = historyOf(project.root);
  const fixed = await staticFingerprints(project.root, pipeline, catalog);
  // As a run in this process (the CLI's default) does: memory datasets kept in the store are read back.
  const keeper = storeKeeper(project.root);
  const values = async (fp: string, dataset: string) => keeper.loadValue(await memoryKey(fp, dataset));
  return {
    pipeline: name,
    plan: await planChanged(project.root, pipeline, catalog, fixed, history.fingerprints, values),
  };
}

export function registerStatusCommand(program: Command, io: CliIO): void {
  program
    .command('status')
    .description('list the nodes that changed since their last successful run, and why (what run --changed runs)')
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .option('--pipeline <name>', 'the registered pipeline (default: __default__)')
    .option('--env <name>', 'read conf/<name> over conf/base instead of conf/local')
    .option('--params <k=v,...>', 'override parameters, as run does')
    .option('--json', 'print one JSON document on stdout')
    .action(async (flags: StatusFlags) => {
      if (flags.pipeline === '') throw new UsageError('--pipeline needs a name.');
      const { pipeline, plan } = await changedStatus(flags, io.cwd);
      const stale = plan.verdicts.filter((v) => v.reasons.length);
      const fresh = plan.verdicts.filter((v) => !v.reasons.length);
      if (flags.json) {
        const doc = {
          pipeline,
          stale: stale.map((v) => ({ node: v.node, reasons: v.reasons })),
          upToDate: fresh.map((v) => ({ node: v.node, run: v.upToDateWith })),
        };
        io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        return;
      }
      const out = [`Pipeline ${pipeline}: ${stale.length} of ${plan.verdicts.length} nodes stale`];
      if (stale.length) {
        out.push('', 'Stale (pipewright run --changed runs them):');
        for (const v of stale) out.push(`  ${v.node}`, ...v.reasons.map((r) => `      ${r}`));
      }
      if (fresh.length) {
        out.push('', 'Up to date:');
        for (const v of fresh) out.push(`  ${v.node} (as in run ${v.upToDateWith})`);
      }
      io.stdout.write(`${out.join('\n')}\n`);
    });
}
