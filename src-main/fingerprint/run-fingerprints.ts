import type {
  DatasetFingerprintEvent,
  NodeEndEvent,
  NodeFingerprintEvent,
  NodeFingerprintParts,
  RunEvent,
} from '../../src-shared/run-events';
import { isEphemeral } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Node } from '../engine/node';
import type { Pipeline } from '../engine/pipeline';
import type { Hooks } from '../engine/runner/hooks';
import {
  fingerprintLocation,
  locateDataset,
  type DatasetFingerprint,
  type DatasetLocation,
} from './dataset-fingerprint';
import { FileHashCache } from './file-hash-cache';
import { getHasher, type Hasher } from './hash';
import { isMemory, memoryKey, serialiseValue, type ValueKeeper } from './memory-values';
import {
  combineParts,
  combinePartsWith,
  isParameter,
  memoryFingerprint,
  nodeParts,
  type StaticFingerprints,
} from './node-fingerprint';

type IoEvent = Extract<RunEvent, { type: 'dataset-load' | 'dataset-save' }>;
type NodeFingerprint = { fingerprint: string; parts: NodeFingerprintParts };

interface Pending {
  event: IoEvent;
  kind: 'load' | 'save';
  result: Promise<{ fp: DatasetFingerprint; kept?: DatasetFingerprintEvent['kept'] } | undefined>;
}

/** Where a run's saved outputs are kept: the project's object store. */
export interface OutputKeeper extends ValueKeeper {
  keep(location: DatasetLocation, fp: DatasetFingerprint): Promise<DatasetFingerprintEvent['kept']>;
  /** Once the run's outputs are kept: evict down to the budget. */
  afterRun(): void;
}

/**
 * Fingerprints one run as it goes: each dataset it saves, and each it loads from outside the run,
 * is hashed on the host as soon as its event arrives, and a saved output is then copied into the
 * store, all off the nodes' path (so a run's own nodes keep running meanwhile); once the run is
 * over, `finish()` waits for them and gives their events and those of the nodes that ran.
 *
 * A node whose data is all in memory or parameters needs no hash of a file: its fingerprint is
 * put on its node-end event as it ends, so that the history writes it with the node's row.
 */
export class RunFingerprints {
  private readonly pending = new Map<string, Pending>();
  /** The datasets in `pending`, by kind: asked of every node that ends. */
  private readonly pendingNames = { load: new Set<string>(), save: new Set<string>() };
  /** Datasets with no data to hash (ephemeral, or not in the project's catalog): looked up once. */
  private readonly unlocatable = new Set<string>();
  private readonly done: string[] = [];
  private readonly produced: Set<string>;
  /** Fingerprints computed once the hashes they need were in (reported by finish()). */
  private readonly nodeFps = new Map<string, Promise<NodeFingerprint>>();
  /**
   * Fingerprints put on node-end events, by node: finish() does not report them again. Their
   * parts are not kept: they went with the event.
   */
  private readonly onNodeEnd = new Map<string, string>();
  private hasher: Hasher | undefined;
  private readonly valueWrites: Array<Promise<void>> = [];

  /**
   * @param skippedOutputs dataset → fingerprint of the node that made it, for the datasets of nodes
   *   this run skips (a --changed run's plan): a memory one a running node reads is known by it
   */
  constructor(
    private readonly root: string,
    private readonly pipeline: Pipeline,
    private readonly catalog: DataCatalog,
    private readonly fixed: StaticFingerprints,
    private readonly keeper?: OutputKeeper,
    private readonly skippedOutputs: ReadonlyMap<string, string> = new Map(),
    private readonly hashes: FileHashCache = new FileHashCache(root),
  ) {
    this.produced = pipeline.allOutputs();
    // Loaded already when the static fingerprints were taken, so set before the first node ends.
    void getHasher().then((h) => (this.hasher = h));
  }

  /** Called with every run event before it goes further; a node-end event may gain the node's fingerprint. */
  readonly onEvent = (event: RunEvent): void => {
    const type = event.type;
    if (type === 'node-end') {
      if (event.status !== 'done') return;
      this.done.push(event.node);
      this.fingerprintOnEnd(event);
      return;
    }
    if (type !== 'dataset-save' && type !== 'dataset-load') return;
    // A memory dataset's events, most of a run's, stop at this first lookup once it was located.
    if (this.unlocatable.has(event.dataset)) return;
    const kind = type === 'dataset-save' ? 'save' : 'load';
    if (kind === 'load' && this.produced.has(event.dataset)) return; // its save is hashed
    if (this.pendingNames[kind].has(event.dataset)) return;
    const location = this.locate(event);
    if (!location) return;
    const result = fingerprintLocation(location, this.hashes)
      .then(async (fp) => {
        if (!fp) return undefined;
        const kept =
          kind === 'save' && this.keeper ? await this.keeper.keep(location, fp).catch(() => undefined) : undefined;
        return { fp, kept };
      })
      .catch(() => undefined);
    this.pending.set(`${kind}:${event.dataset}`, { event, kind, result });
    this.pendingNames[kind].add(event.dataset);
  };

  /**
   * Engine hooks (run by the engine's host, whichever runner ran the node): each memory dataset a
   * node makes for another is serialised as it is made and kept in the store under the node's fingerprint.
   */
  memoryHooks(): Hooks {
    return {
      afterNodeRun: ({ node, outputs }) => {
        const keeper = this.keeper;
        if (!keeper) return;
        for (const [name, value] of Object.entries(outputs)) {
          if (!isMemory(this.catalog, name) || !this.pipeline.consumersOf(name).length) continue;
          const bytes = serialiseValue(value, keeper.maxBytes);
          if (!bytes) continue;
          const write = this.fingerprintOf(node)
            .then((fingerprint) => memoryKey(fingerprint, name))
            .then((key) => keeper.keepValue(key, bytes))
            .catch(() => undefined); // not kept: a later run makes it again
          this.valueWrites.push(write);
        }
      },
    };
  }

  private locate(event: IoEvent): DatasetLocation | undefined {
    const ds = this.catalog.has(event.dataset) ? this.catalog.getDataset(event.dataset) : undefined;
    if (!ds || isEphemeral(ds)) {
      this.unlocatable.add(event.dataset);
      return undefined;
    }
    const where = locateDataset(ds, this.root);
    // The path the event names is the very version written or read.
    if (where?.kind === 'path' && event.path) return { kind: 'path', path: event.path };
    return where;
  }

  /**
   * Puts the node's fingerprint on its node-end event when it can be had at once: no dataset of
   * the node waits for a file hash, and each memory input's producer has its fingerprint. Other
   * nodes are fingerprinted by finish(), once the hashes are in.
   */
  private fingerprintOnEnd(event: NodeEndEvent): void {
    const hasher = this.hasher;
    const node = hasher && this.pipeline.node(event.node);
    if (!node) return;
    const { load, save } = this.pendingNames;
    if (save.size) for (const name of node.outputs) if (save.has(name)) return;
    const parts = nodeParts(node, this.fixed, (name) => {
      if (save.has(name) || load.has(name)) return undefined;
      const producer = this.pipeline.producerOf(name);
      const producerFp = producer ? this.onNodeEnd.get(producer.name) : this.skippedOutputs.get(name);
      if (producer && producerFp === undefined) return undefined;
      return producerFp ? memoryFingerprint(producerFp, name) : `opaque:${name}`;
    });
    if (!parts) return;
    const fingerprint = combinePartsWith(hasher, parts);
    this.onNodeEnd.set(node.name, fingerprint);
    event.fingerprint = fingerprint;
    event.fingerprintParts = parts;
  }

  /** A node's fingerprint once it has run: its inputs' hashes are those of this run's loads and saves. */
  private async fingerprintOf(node: Node): Promise<string> {
    return this.onNodeEnd.get(node.name) ?? (await this.computedFingerprint(node)).fingerprint;
  }

  private computedFingerprint(node: Node): Promise<NodeFingerprint> {
    let fp = this.nodeFps.get(node.name);
    if (!fp) this.nodeFps.set(node.name, (fp = this.computeFingerprint(node)));
    return fp;
  }

  private async computeFingerprint(node: Node): Promise<NodeFingerprint> {
    const inputs = new Map<string, string>();
    for (const name of node.inputs) {
      if (isParameter(name)) continue;
      const io = this.pending.get(`save:${name}`) ?? this.pending.get(`load:${name}`);
      const hashed = io && (await io.result);
      if (hashed) {
        inputs.set(name, hashed.fp.hash);
        continue;
      }
      const producer = this.pipeline.producerOf(name);
      const producerFp = producer ? await this.fingerprintOf(producer) : this.skippedOutputs.get(name);
      inputs.set(name, producerFp ? memoryFingerprint(producerFp, name) : `opaque:${name}`);
    }
    const parts = nodeParts(node, this.fixed, (dataset) => inputs.get(dataset) ?? `opaque:${dataset}`);
    return { fingerprint: await combineParts(parts), parts };
  }

  /** The fingerprint events of the run: its datasets, then the nodes that finished, in pipeline order. */
  async finish(): Promise<Array<DatasetFingerprintEvent | NodeFingerprintEvent>> {
    const events: Array<DatasetFingerprintEvent | NodeFingerprintEvent> = [];
    for (const p of this.pending.values()) {
      const done = await p.result;
      if (!done) continue;
      const { fp, kept } = done;
      events.push({
        type: 'dataset-fingerprint',
        at: Date.now(),
        node: p.event.node,
        dataset: p.event.dataset,
        kind: p.kind,
        hash: fp.hash,
        bytes: fp.bytes,
        rows: fp.rows ?? p.event.rows,
        schema: fp.schema ?? p.event.schema,
        path: p.event.path,
        version: p.event.version,
        kept,
      });
    }
    await Promise.all(this.valueWrites);
    this.hashes.save();
    try {
      this.keeper?.afterRun();
    } catch {
      // A store that cannot be tidied keeps its objects; the run's record does not depend on it.
    }
    const done = new Set(this.done);
    for (const node of this.pipeline.nodes) {
      if (!done.has(node.name) || this.onNodeEnd.has(node.name)) continue;
      const { fingerprint, parts } = await this.computedFingerprint(node);
      events.push({ type: 'node-fingerprint', at: Date.now(), node: node.name, fingerprint, parts });
    }
    return events;
  }
}
