// What a worker does, whatever hosts it: load the project once, then run nodes by name. The
// host adapters (host-*.ts) only move messages.
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Node } from '../engine/node';
import type { ProjectRef } from '../engine/runner/run-context';
import type { Project } from '../project/types';
import { CrossingError, decodeValues, encodeValues, evictHeld, findUnclonable, removeFile } from '../engine/pool/codec';
import { toCrossError, type TaskOutput, type TaskSpec, type ToWorker, type WorkerEvent, type WorkerPort } from '../engine/pool/protocol';

export type LoadProjectFromRef = (ref: ProjectRef) => Promise<Project>;

const LOGGER = 'pipewright.io.data_catalog';

export function projectKey(ref: ProjectRef): string {
  return JSON.stringify([ref.root, ref.env ?? null, ref.runtimeParams ?? null]);
}

export class WorkerCore {
  private readonly projects = new Map<string, Promise<Project>>();
  private readonly catalogs = new Map<string, DataCatalog>();
  private readonly nodes = new Map<string, Node>();
  private readonly target: string;

  constructor(
    private readonly port: WorkerPort,
    private readonly loadProject: LoadProjectFromRef,
  ) {
    this.target = port.canTransfer ? 'a worker thread' : 'a worker process';
    port.onMessage((m) => this.onMessage(m));
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
    const emit = (event: WorkerEvent) => this.port.post({ type: 'event', id, event });
    let outputFiles: string[] = [];
    evictHeld();
    try {
      const given = decodeValues(task.inputs);
      const project = await this.project(task.ref);
      const node = this.findNode(project, task);
      const catalog = await this.catalogFor(task, project);
      const value = await runNode(node, catalog, task, given, emit);
      const encoded = encodeValues(value.outputs, { canTransfer: this.port.canTransfer, owned: true, target: 'the engine', hold: true });
      outputFiles = encoded.files;
      const result: TaskOutput = { outputs: encoded.values, timings: value.timings };
      writeCodeCache();
      try {
        this.port.post({ type: 'result', id, result: { ok: true, value: result } }, encoded.transfer);
      } catch (err) {
        const name = findUnclonable(value.outputs);
        throw name ? new CrossingError(name, `a value that cannot be cloned (${(err as Error).message})`, 'the engine') : err;
      }
    } catch (err) {
      for (const f of outputFiles) removeFile(f);
      this.port.post({ type: 'result', id, result: { ok: false, error: toCrossError(err) } });
    }
  }
}

/** Once per worker bundle without a V8 code cache: bundle-loader.cjs writes it (see there). */
function writeCodeCache(): void {
  const write = (globalThis as Record<symbol, (() => void) | undefined>)[CODE_CACHE];
  if (write) {
    (globalThis as Record<symbol, unknown>)[CODE_CACHE] = undefined;
    write();
  }
}
const CODE_CACHE = Symbol.for('pipewright.writeCodeCache');

async function runNode(
  node: Node,
  catalog: DataCatalog,
  task: TaskSpec,
  given: Record<string, unknown>,
  emit: (e: WorkerEvent) => void,
): Promise<TaskOutput> {
  const inputs: Record<string, unknown> = { ...given };
  let t = performance.now();
  const load = async (name: string) => {
    const ds = catalog.getDataset(name);
    if (task.listening) emit({ type: 'log', at: Date.now(), level: 'info', message: `Loading data from ${name} (${ds.typeName})...`, logger: LOGGER });
    const start = performance.now();
    inputs[name] = await catalog.load(name);
    if (task.listening) {
      emit({ type: 'dataset-load', at: Date.now(), dataset: name, datasetType: ds.typeName, ms: performance.now() - start, ...ds.ioInfo('load') });
    }
  };
  const toLoad = task.loadHere.filter((n) => !(n in given)); // a hook's replacement wins
  if (task.isAsync) await Promise.all(toLoad.map(load));
  else for (const name of toLoad) await load(name);
  const loadMs = performance.now() - t;

  if (task.listening) emit({ type: 'log', at: Date.now(), level: 'info', message: `Running node: ${node}`, logger: 'pipewright.pipeline.node' });
  t = performance.now();
  let result = node.call(inputs);
  if (result instanceof Promise) result = await result;
  const all = node.outputsFrom(result);
  const computeMs = performance.now() - t;

  t = performance.now();
  const back: Record<string, unknown> = {};
  const here = new Set(task.saveHere);
  const save = async (name: string) => {
    const ds = catalog.getDataset(name);
    if (task.listening) emit({ type: 'log', at: Date.now(), level: 'info', message: `Saving data to ${name} (${ds.typeName})...`, logger: LOGGER });
    const start = performance.now();
    await catalog.save(name, all[name]);
    if (task.listening) {
      emit({ type: 'dataset-save', at: Date.now(), dataset: name, datasetType: ds.typeName, ms: performance.now() - start, ...ds.ioInfo('save') });
    }
  };
  for (const name of Object.keys(all)) if (!here.has(name)) back[name] = all[name];
  const toSave = Object.keys(all).filter((n) => here.has(n));
  if (task.isAsync) await Promise.all(toSave.map(save));
  else for (const name of toSave) await save(name);
  return { outputs: back, timings: { loadMs, computeMs, saveMs: performance.now() - t } };
}
