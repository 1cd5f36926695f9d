// DistributedRunner: the engine's runner interface over a job queue. The coordinator runs here
// (the CLI, the app); `pipewright worker` processes on any machine run the jobs.
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { RunnerError } from '../engine/errors';
import type { Pipeline } from '../engine/pipeline';
import { AbstractRunner, type RunnerOptions } from '../engine/runner/abstract-runner';
import { newRunId, type RunContext, type RunOptions } from '../engine/runner/run-context';
import type { AbstractDataset } from '../engine/catalog/abstract-dataset';
import { coordinate } from './coordinator';
import { checkMemoryCrossings, checkSqliteWriters } from './crossing-checks';
import { projectFingerprint } from './fingerprint';
import { groupNodes, isRegisteredMemory, type Group, type GroupBy } from './grouping';
import type { CoordinatorQueue } from './job-queue';
import { distributedSettings, parseQueueUrl, shownUrl } from './queue-url';
import { reconcile, type Reconciled } from './reconcile';
import {
  DEFAULT_SCRATCH,
  findInEarlierRun,
  resolveScratch,
  runScratch,
  scratchFile,
  ScratchDataset,
} from './scratch-dataset';

export interface DistributedRunnerOptions extends RunnerOptions {
  /** redis://host:port, rediss://…, unix:///path/redis.sock; else the run's `queue` option or pipewright.yml. */
  queue?: string;
  /** Tries per job for crashes and retryable nodes (default 3). */
  attempts?: number;
  groupBy?: GroupBy;
  /** The scratch root for unregistered datasets (default: pipewright.yml's `scratch`, else .pipewright/scratch). */
  scratch?: string;
  /** Another queue backend with the same interface (tests, a PostgreSQL backend). */
  backend?: (url: string) => CoordinatorQueue;
  /** A queue unreachable this long fails the run (default 30 s). */
  lostAfterMs?: number;
}

interface Plan {
  queueUrl: string;
  root: string;
  scratchRoot: string;
  scratch: string;
  scratchInputs: Record<string, string>;
  groupBy: GroupBy;
  attempts: number;
  groups?: Group[];
  /** The run this one resumes: its jobs still in the queue are reconciled, not run twice. */
  resumeOf?: string;
}

export class DistributedRunner extends AbstractRunner {
  private plan: Plan | undefined;

  constructor(private readonly options: DistributedRunnerOptions = {}) {
    super(options);
  }

  override async run(
    pipeline: Pipeline,
    catalog: DataCatalog,
    options: RunOptions = {},
  ): Promise<Record<string, unknown>> {
    const runId = options.runId ?? newRunId();
    const root = options.project?.root;
    if (!root) {
      throw new RunnerError(
        'DistributedRunner runs nodes on workers that load them from their own checkout of the project: run a pipeline from a project (RunOptions.project).',
      );
    }
    const settings = distributedSettings(root);
    const requested = options.requested ?? {};
    const queueUrl = requested.queue ?? this.options.queue ?? settings.queue;
    if (!queueUrl) {
      throw new RunnerError(
        'DistributedRunner needs a queue: pass --queue redis://host:port (or unix:///path/redis.sock), or set queue: in conf/base/pipewright.yml.',
      );
    }
    parseQueueUrl(queueUrl, requested.queue ? '--queue' : 'queue');
    // A run with nothing to do (e.g. `run --changed` with nothing changed) needs no queue.
    if (!pipeline.nodes.length && !options.resumeOf) return {};
    const scratchRoot = this.options.scratch ?? settings.scratch ?? DEFAULT_SCRATCH;
    // A resumed run reads the unregistered inputs its first run wrote to that run's scratch folder.
    catalog = catalog.shallowCopy();
    const scratchInputs: Record<string, string> = {};
    for (const name of pipeline.inputs()) {
      if (catalog.has(name)) continue;
      const earlier = findInEarlierRun(resolveScratch(root, scratchRoot), name, runId);
      if (!earlier) continue;
      scratchInputs[name] = runScratch(scratchRoot, earlier);
      catalog.add(name, new ScratchDataset(scratchFile(resolveScratch(root, scratchInputs[name]), name), name));
    }
    this.plan = {
      queueUrl,
      root,
      scratchRoot,
      scratch: runScratch(scratchRoot, runId),
      scratchInputs,
      groupBy: requested.groupBy ?? this.options.groupBy ?? 'none',
      attempts: requested.attempts ?? this.options.attempts ?? 3,
      resumeOf: options.resumeOf,
    };
    // BullMQ loads with the first distributed run, not with every command that knows the runner's name.
    const backend = this.options.backend ?? (await import('./bullmq-queue')).bullCoordinatorQueue;
    const queue = backend(queueUrl);
    try {
      if (!(await queue.reachable(5000))) {
        throw new RunnerError(`Cannot reach the queue at ${shownUrl(queueUrl)}: is the Redis server running there?`);
      }
      this.connected = (await queue.connectedWorkers?.().catch(() => 0)) ?? 0;
      this.currentQueue = queue;
      return await super.run(pipeline, catalog, { ...options, runId });
    } finally {
      this.currentQueue = undefined;
      await queue.close();
    }
  }

  override createDefaultDataset(name: string): AbstractDataset {
    const plan = this.plan!;
    return new ScratchDataset(scratchFile(resolveScratch(plan.root, plan.scratch), name), name);
  }

  protected override validate(pipeline: Pipeline, catalog: DataCatalog): void {
    const plan = this.plan!;
    const groups = groupNodes(pipeline, plan.groupBy, catalog);
    checkMemoryCrossings(pipeline, groups, catalog);
    checkSqliteWriters(pipeline, groups, catalog);
    plan.groups = groups;
  }

  /** The worker processes connected when the run started (not this machine's cores): what the run reports. */
  protected override workerCount(): number {
    return this.connected;
  }

  private connected = 0;

  protected async _run(pipeline: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    const plan = this.plan!;
    const ref = ctx.project!;
    const queue = this.currentQueue!;
    await this.shareMemoryInputs(pipeline, catalog);
    const reconciled = plan.resumeOf ? await reconcile(queue, plan.resumeOf, plan.groups!) : [];
    this.readFromResumed(catalog, reconciled);
    this.logger.info(
      `Running ${plan.groups!.length} job(s) on ${shownUrl(plan.queueUrl)}, grouped by ${plan.groupBy}; unregistered datasets in ${plan.scratch}`,
    );
    await coordinate({
      queue,
      queueName: shownUrl(plan.queueUrl),
      groups: plan.groups!,
      ctx,
      attempts: plan.attempts,
      maxInFlight: this.maxWorkers,
      lostAfterMs: this.options.lostAfterMs,
      resumeOf: plan.resumeOf,
      reconciled,
      base: {
        runId: ctx.runId,
        pipeline: ctx.pipelineName,
        projectHash: projectFingerprint(plan.root),
        env: ref.env,
        params: ref.runtimeParams,
        loadVersions: ref.loadVersions,
        scratch: plan.scratch,
        scratchInputs: plan.scratchInputs,
        isAsync: this.isAsync,
      },
    });
  }

  private currentQueue: CoordinatorQueue | undefined;

  /** What the resumed run's jobs wrote, or are writing, to its scratch folder is read from there. */
  private readFromResumed(catalog: DataCatalog, reconciled: Reconciled[]): void {
    const plan = this.plan!;
    if (!reconciled.length) return;
    const folder = runScratch(plan.scratchRoot, plan.resumeOf!);
    for (const { group } of reconciled) {
      for (const name of group.nodes.flatMap((n) => n.outputs)) {
        if (!(catalog.getDataset(name) instanceof ScratchDataset)) continue;
        plan.scratchInputs[name] = folder;
        catalog.add(name, new ScratchDataset(scratchFile(resolveScratch(plan.root, folder), name), name), true);
      }
    }
  }

  /**
   * Free inputs held in memory here (values handed to run() in code) reach the workers through the
   * run's scratch folder, where the workers look for every name their catalog lacks.
   */
  private async shareMemoryInputs(pipeline: Pipeline, catalog: DataCatalog): Promise<void> {
    const plan = this.plan!;
    for (const name of [...pipeline.inputs()].sort()) {
      if (name === 'parameters' || name.startsWith('params:') || !isRegisteredMemory(catalog, name)) continue;
      const folder = resolveScratch(plan.root, plan.scratch);
      await new ScratchDataset(scratchFile(folder, name), name).save(await catalog.load(name));
    }
  }
}
