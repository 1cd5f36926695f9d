import type { LiveRun } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import type { WorkerPool } from '../engine/pool/worker-pool';
import type { EventHub } from './event-hub';
import { applyRunEvent } from '../../src-shared/run-state';
import { newLiveRun } from './live-run';
import { memoryKeeper } from './memory-keeper';
import type { ProjectService } from './project-service';
import {
  startRun,
  type RunHooks,
  type RunMeta,
  type RunOutcome,
  type RunRecorderLike,
  type RunRequest,
} from './run-request';
import { RunThread } from './run-thread/run-thread';
import { SpareThread } from './run-thread/spare-thread';
import type { AheadProject } from './run-thread/warm-project';
import { ServiceError } from './service-error';

type RunOptions = ParsedArgs<'runs.start'>;

export interface RunServiceDeps {
  projects: ProjectService;
  events: EventHub;
  /** Warm worker pools by runner name (the app's utility processes for ParallelRunner, threads for ThreadRunner). */
  pools?: Record<string, WorkerPool>;
  record?: (meta: RunMeta) => RunRecorderLike | undefined;
  /** The history's fingerprints, for fingerprinting runs and for `changed`. */
  fingerprints?: () => RunHooks['fingerprints'];
  /** Runs the runners other than SequentialRunner in this thread (tests pass their own). */
  start?: typeof startRun;
}

/** Finished runs kept for `runs.live` after they end. */
const KEEP_FINISHED = 5;
/**
 * How long after a run's end the next run's thread starts. Loading the worker module and the
 * project takes a core for a few hundred ms; at the end itself it took it from the page drawing the
 * run's end (and from whatever the user does next), on two cores. A click before then starts a
 * thread of its own, as a run did before threads were started ahead.
 */
export const SPARE_AFTER_RUN_MS = 1500;

/**
 * Starts runs as the CLI does (a SequentialRunner run on its own thread, services/run-thread;
 * other runners through `startRun` here, their nodes on the warm pools), keeps their live state,
 * fans their events out, cancels them, and keeps the last run's memory datasets for preview.
 */
export class RunService {
  private readonly runs = new Map<string, { state: LiveRun; cancel: () => void }>();
  private memory: { runId: string; values: Map<string, unknown> } | null = null;
  /** The next SequentialRunner run's thread, with the open project loaded ahead in it. */
  private spare: SpareThread | undefined;
  /** The spare's start once a run ended, waiting for SPARE_AFTER_RUN_MS. */
  private spareTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RunServiceDeps) {
    // A project opened, reloaded or edited: the next run's thread loads it now, not at the click.
    this.unsubscribe = deps.events.subscribe((event) => {
      if (event.channel === 'project') this.renewSpare();
    });
    if (deps.projects.current) this.renewSpare();
  }

  /** Replaces the spare thread with one that loads the project open now; during a run, once it ended. */
  private renewSpare(): void {
    if (this.closed) return;
    this.spare?.close();
    this.stopSpareTimer();
    this.spare = this.running() ? undefined : new SpareThread(this.aheadProject());
  }

  /**
   * A run ended: the next run's thread loads while the user looks at this one, not during it, and
   * not while the page is still drawing its end (SPARE_AFTER_RUN_MS).
   */
  private keepSpare(): void {
    if (this.closed || this.spare || this.spareTimer) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = undefined;
      // A run going now starts it again when it ends.
      if (!this.closed && !this.running()) this.spare ??= new SpareThread(this.aheadProject());
    }, SPARE_AFTER_RUN_MS);
    this.spareTimer.unref?.();
  }

  private stopSpareTimer(): void {
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
  }

  private running(): boolean {
    return [...this.runs.values()].some((run) => run.state.status === 'running');
  }

  private aheadProject(): AheadProject | undefined {
    const open = this.deps.projects.current;
    if (!open) return undefined;
    return { root: open.project.root, env: open.project.env, fingerprints: Boolean(this.deps.fingerprints) };
  }

  /** Each warm pool serves its own runner. */
  private poolFor(runner: string): { pool: WorkerPool } | undefined {
    const pool = this.deps.pools?.[runner];
    return pool ? { pool } : undefined;
  }

  /** Resolves with the run's id once the runner starts it; a bad request rejects before any node runs. */
  start(options: RunOptions): Promise<{ runId: string }> {
    const { project } = this.deps.projects.require();
    return this.startRequest({ ...options, projectRoot: project.root, env: project.env });
  }

  /** A whole request, such as a resume plan, which brings its own env. */
  startRequest(request: RunRequest): Promise<{ runId: string }> {
    const runner = request.runner ?? 'SequentialRunner';
    const record = this.deps.record;
    const recorder = record ? (meta: RunMeta) => record(meta) ?? { onEvent() {}, close() {} } : undefined;
    return new Promise((resolve, reject) => {
      let runId: string | undefined;
      let started = false;
      let runEnd: RunEvent | undefined;
      let cancel = () => {};
      const onPrepared = (id: string, pipeline: string, nodes: string[]) => {
        runId = id;
        this.runs.set(id, { state: newLiveRun(id, pipeline, runner, nodes), cancel: () => cancel() });
        this.prune();
      };
      const onEvent = (event: RunEvent) => {
        if (!runId) return;
        // The runner accepted the run (its own checks passed): the caller gets the id now.
        if (event.type === 'run-start') {
          started = true;
          resolve({ runId });
        }
        // run-end waits for the outcome, so whoever sees it finds the memory values and final state.
        if (event.type === 'run-end') return void (runEnd = event);
        const run = this.runs.get(runId);
        if (run) applyRunEvent(run.state, event);
        this.deps.events.emit({ channel: 'run', runId, event });
      };
      const ended = (outcome: RunOutcome, kept: Map<string, unknown>) => {
        for (const [name, value] of Object.entries(outcome.freeOutputValues)) kept.set(name, value);
        this.memory = { runId: outcome.runId, values: kept };
        const run = this.runs.get(outcome.runId);
        if (run) {
          if (runEnd) applyRunEvent(run.state, runEnd);
          run.state.status = outcome.status;
          run.state.endedAt ??= outcome.endedAt;
          run.state.memoryDatasets = [...kept.keys()].sort();
        }
        const end = runEnd ?? {
          type: 'run-end',
          at: outcome.endedAt,
          status: outcome.status,
          error: outcome.error,
          resumeFrom: outcome.resumeFrom,
          freeOutputs: outcome.freeOutputs,
        };
        this.deps.events.emit({ channel: 'run', runId: outcome.runId, event: end });
      };
      const failed = (error: Error) => {
        if (!started) {
          if (runId) this.runs.delete(runId);
          return reject(error);
        }
        // Failed after preparation without a run-end (a crash of ours): still end the live state.
        const run = this.runs.get(runId!);
        if (run && run.state.status === 'running') {
          run.state.status = 'failed';
          run.state.endedAt = Date.now();
          run.state.error = { name: error?.name ?? 'Error', message: String(error?.message ?? error) };
          this.deps.events.emit({
            channel: 'run',
            runId: runId!,
            event: {
              type: 'run-end',
              at: run.state.endedAt,
              status: 'failed',
              error: run.state.error,
              freeOutputs: [],
            },
          });
        }
      };

      if (runner === 'SequentialRunner') {
        // The CLI's path: the whole run on its own thread, the host answering meanwhile.
        const thread = new RunThread(
          request,
          { onEvent, record: recorder, onPrepared: (p) => onPrepared(p.runId, p.pipeline, p.nodes) },
          { fingerprints: Boolean(this.deps.fingerprints), keepMemory: true },
          this.spare,
        );
        this.spare = undefined;
        this.stopSpareTimer();
        cancel = () => thread.abort();
        // A short run's records come in one batch: its end waits until the caller has had its id.
        thread.outcome
          .then((outcome) => setImmediate(() => ended(outcome, thread.memoryValues)), failed)
          .finally(() => this.keepSpare());
        return;
      }
      const controller = new AbortController();
      cancel = () => controller.abort();
      const kept = new Map<string, unknown>();
      const start = this.deps.start ?? startRun;
      start(request, {
        signal: controller.signal,
        runnerOptions: this.poolFor(runner),
        record: recorder,
        hooks: [memoryKeeper(kept)],
        fingerprints: this.deps.fingerprints?.(),
        onPrepared: (p) =>
          onPrepared(
            p.runId,
            p.pipelineName,
            p.pipeline.nodes.map((n) => n.name),
          ),
        onEvent,
      })
        .then((outcome) => ended(outcome, kept), failed)
        .finally(() => this.keepSpare());
    });
  }

  cancel(runId: string): { cancelled: boolean } {
    const run = this.runs.get(runId);
    if (!run) throw new ServiceError('not-found', `No live run '${runId}': it finished or never ran in this window.`);
    if (run.state.status !== 'running') return { cancelled: false };
    run.cancel();
    return { cancelled: true };
  }

  live(): LiveRun[] {
    return [...this.runs.values()].map((r) => r.state).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** The last finished run's value of a memory dataset, if the app still holds it. */
  memoryValue(name: string): { found: boolean; value?: unknown; runId?: string } {
    if (!this.memory?.values.has(name)) return { found: false };
    return { found: true, value: this.memory.values.get(name), runId: this.memory.runId };
  }

  /** Cancels every live run and stops the spare thread (the window or the server is closing). */
  cancelAll(): void {
    this.closed = true;
    this.unsubscribe();
    this.stopSpareTimer();
    this.spare?.close();
    this.spare = undefined;
    for (const run of this.runs.values()) if (run.state.status === 'running') run.cancel();
  }

  private prune(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => r.state.status !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.runs.delete(id);
  }
}
