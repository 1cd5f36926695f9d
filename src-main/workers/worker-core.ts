// What a worker does, whatever hosts it: load the project once, then run nodes by name with the
// engine's own task body. The host adapters (hosts.ts) only move messages.
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Node } from '../engine/node';
import type { Hooks } from '../engine/runner/hooks';
import { RunContext, type ProjectRef } from '../engine/runner/run-context';
import { runNode } from '../engine/runner/task';
import type { Project } from '../project/types';
import { CrossingError, decodeValues, encodeValues, evictHeld, findUnclonable, removeFile } from '../engine/pool/codec';
import { StallWatch, neverFinishedMessage } from './stall-watch';
import {
  toCrossError,
  type TaskOutput,
  type TaskSpec,
  type ToWorker,
  type WorkerEvent,
  type WorkerPort,
} from '../engine/pool/protocol';

export type LoadProjectFromRef = (ref: ProjectRef) => Promise<Project>;

export function projectKey(ref: ProjectRef): string {
  return JSON.stringify([ref.root, ref.env ?? null, ref.runtimeParams ?? null]);
}

export class WorkerCore {
  private readonly projects = new Map<string, Promise<Project>>();
  private readonly catalogs = new Map<string, DataCatalog>();
  private readonly nodes = new Map<string, Node>();
  /** Hooks of every task here: only the host-liveness check before each save, where the host can die first. */
  private readonly hooks: Hooks[];
  private readonly stalls: StallWatch;

  constructor(
    private readonly port: WorkerPort,
    private readonly loadProject: LoadProjectFromRef,
  ) {
    const hostGone = port.hostGone;
    this.hooks = hostGone ? [{ beforeDatasetSaved: () => exitIfHostGone(hostGone) }] : [];
    port.onMessage((m) => this.onMessage(m));
    this.stalls = new StallWatch((tasks) => {
      for (const [id, node] of tasks) {
        this.port.post({
          type: 'result',
          id,
          result: { ok: false, error: { name: 'NodeNeverFinished', message: neverFinishedMessage(node) } },
        });
      }
    });
  }

  start(): void {
    this.port.post({ type: 'ready', pid: process.pid });
  }

  /** Starts loading a project now; the first task for it waits for this load (a failure is reported then). */
  preload(ref: ProjectRef): void {
    void this.project(ref).catch(() => undefined);
  }

  private onMessage(message: ToWorker): void {
    if (message.type === 'load-project') this.preload(message.ref);
    else if (message.type === 'task') void this.runTask(message.id, message.task);
    else if (message.type === 'forget-projects') {
      this.projects.clear();
      this.catalogs.clear();
      this.nodes.clear();
    } else if (message.type === 'shutdown') process.exit(0);
  }

  private project(ref: ProjectRef): Promise<Project> {
    const key = projectKey(ref);
    let p = this.projects.get(key);
    if (!p) {
      p = this.loadProject(ref);
      this.projects.set(key, p);
      p.catch(() => this.projects.delete(key));
    }
    return p;
  }

  private async catalogFor(task: TaskSpec, project: Project): Promise<DataCatalog> {
    const key = `${projectKey(task.ref)}\u0000${task.runId}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = project.createCatalog({ loadVersions: task.ref.loadVersions, saveVersion: task.ref.saveVersion });
      this.catalogs.set(key, catalog);
      if (this.catalogs.size > 4) this.catalogs.delete(this.catalogs.keys().next().value!);
    }
    return catalog;
  }

  private findNode(project: Project, task: TaskSpec): Node {
    const key = `${projectKey(task.ref)}\u0000${task.pipeline}\u0000${task.node}`;
    let found = this.nodes.get(key);
    if (found) return found;
    const preferred = project.pipelines[task.pipeline];
    found = preferred?.nodes.find((n) => n.name === task.node);
    for (const p of found ? [] : Object.values(project.pipelines)) {
      found = p.nodes.find((n) => n.name === task.node);
      if (found) break;
    }
    if (!found) {
      throw new Error(
        `Node '${task.node}' is not in pipeline '${task.pipeline}' (nor any other) of the project at ${task.ref.root} as a worker loaded it. Nodes run by ThreadRunner and ParallelRunner must come from the project's registered pipelines.`,
      );
    }
    this.nodes.set(key, found);
    return found;
  }

  private async runTask(id: number, task: TaskSpec): Promise<void> {
    let outputFiles: string[] = [];
    let watched = true;
    evictHeld();
    this.stalls.begin(id, task.node);
    try {
      const given = decodeValues(task.inputs);
      const project = await this.project(task.ref);
      const node = this.findNode(project, task);
      const catalog = await this.catalogFor(task, project);
      const ctx = new RunContext(
        {
          runId: task.runId,
          pipelineName: task.pipeline,
          project: task.ref,
          hooks: this.hooks,
          onEvent: task.listening
            ? (event) => this.port.post({ type: 'event', id, event: event as WorkerEvent })
            : undefined,
        },
        task.isAsync,
      );
      const value = await runNode(node, catalog, ctx, { given, saveHere: new Set(task.saveHere) });
      watched = false;
      if (!this.stalls.end(id)) return; // reported as never finished: the engine has moved on
      const encoded = encodeValues(value.returned, {
        canTransfer: this.port.canTransfer,
        owned: true,
        target: 'the engine',
        hold: true,
        tablesOwned: true,
        task: id,
      });
      outputFiles = encoded.files;
      const result: TaskOutput = { outputs: encoded.values, timings: value.timings };
      writeCodeCache();
      try {
        this.port.post({ type: 'result', id, result: { ok: true, value: result } }, encoded.transfer);
      } catch (err) {
        const name = findUnclonable(value.returned);
        throw name
          ? new CrossingError(name, `a value that cannot be cloned (${(err as Error).message})`, 'the engine')
          : err;
      }
    } catch (err) {
      for (const f of outputFiles) removeFile(f);
      if (watched && !this.stalls.end(id)) return;
      this.port.post({ type: 'result', id, result: { ok: false, error: toCrossError(err) } });
    }
  }
}

/** Once per worker bundle without a V8 code cache: bundle-loader.cjs writes it (see there). */
export function writeCodeCache(): void {
  const write = (globalThis as Record<symbol, (() => void) | undefined>)[CODE_CACHE];
  if (write) {
    (globalThis as Record<symbol, unknown>)[CODE_CACHE] = undefined;
    write();
  }
}
const CODE_CACHE = Symbol.for('pipewright.writeCodeCache');

/** A worker whose host died must not save anything more (its run is over): it exits instead. */
function exitIfHostGone(hostGone: () => boolean): void {
  if (hostGone()) process.exit(0);
}
