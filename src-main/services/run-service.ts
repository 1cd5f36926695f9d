import type { LiveRun } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import type { RunEvent } from '../../src-shared/run-events';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import type { Hooks } from '../engine/runner/hooks';
import type { WorkerPool } from '../engine/pool/worker-pool';
import type { EventHub } from './event-hub';
import { OffThreadSequentialRunner } from './off-thread-sequential-runner';
import { applyRunEvent } from '../../src-shared/run-state';
import { newLiveRun } from './live-run';
import type { ProjectService } from './project-service';
import { startRun, type RunHooks, type RunMeta, type RunRecorderLike, type RunRequest } from './run-request';
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
  start?: typeof startRun;
}

/** Finished runs kept for `runs.live` after they end. */
const KEEP_FINISHED = 5;

/**
 * Starts runs through the same `startRun` as the CLI, keeps their live state, fans their events
 * out, cancels them by AbortController, and keeps the last run's memory datasets for preview.
 */
export class RunService {
  private readonly runs = new Map<string, { state: LiveRun; controller: AbortController }>();
  private memory: { runId: string; values: Map<string, unknown> } | null = null;

  constructor(private readonly deps: RunServiceDeps) {}

  /** Each warm pool serves its own runner; SequentialRunner runs on one thread of the thread pool. */
  private poolFor(runner: string): { pool: WorkerPool } | undefined {
    const key = runner === 'SequentialRunner' ? 'ThreadRunner' : runner;
    const pool = this.deps.pools?.[key];
    return pool ? { pool } : undefined;
  }

  /** Resolves with the run's id once the runner starts it; a bad request rejects before any node runs. */
  start(options: RunOptions): Promise<{ runId: string }> {
    const { project } = this.deps.projects.require();
    return this.startRequest({ ...options, projectRoot: project.root, env: project.env });
  }

  /** A whole request, such as a resume plan, which brings its own env. */
  startRequest(request: RunRequest): Promise<{ runId: string }> {
    const controller = new AbortController();
    const kept = new Map<string, unknown>();
    const start = this.deps.start ?? startRun;
    return new Promise((resolve, reject) => {
      let runId: string | undefined;
      let started = false;
      let runEnd: RunEvent | undefined;
      const hooks: RunHooks & { hooks?: Hooks[] } = {
        signal: controller.signal,
        runnerOptions: this.poolFor(request.runner ?? 'SequentialRunner'),
        runners: { SequentialRunner: OffThreadSequentialRunner },
        record: this.deps.record ? (meta) => this.deps.record!(meta) ?? { onEvent() {}, close() {} } : undefined,
        hooks: [memoryKeeper(kept)],
        fingerprints: this.deps.fingerprints?.(),
        onPrepared: (prepared) => {
          runId = prepared.runId;
          const state = newLiveRun(
            runId,
            prepared.pipelineName,
            request.runner ?? 'SequentialRunner',
            prepared.pipeline.nodes.map((n) => n.name),
          );
          this.runs.set(runId, { state, controller });
          this.prune();
        },
        onEvent: (event: RunEvent) => {
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
        },
      };
      start(request, hooks).then(
        (outcome) => {
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
        },
        (error) => {
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
        },
      );
    });
  }

  cancel(runId: string): { cancelled: boolean } {
    const run = this.runs.get(runId);
    if (!run) throw new ServiceError('not-found', `No live run '${runId}': it finished or never ran in this window.`);
    if (run.state.status !== 'running') return { cancelled: false };
    run.controller.abort();
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

  /** Cancels every live run (the window or the server is closing). */
  cancelAll(): void {
    for (const run of this.runs.values()) if (run.state.status === 'running') run.controller.abort();
  }

  private prune(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => r.state.status !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.runs.delete(id);
  }
}

/** Keeps every memory dataset a node outputs, so the app can preview it after the run. */
function memoryKeeper(kept: Map<string, unknown>): Hooks {
  return {
    afterNodeRun({ catalog, outputs }) {
      for (const [name, value] of Object.entries(outputs)) {
        if (!catalog.has(name) || catalog.getDataset(name) instanceof MemoryDataset) kept.set(name, value);
      }
    },
  };
}
