import type { DatasetFingerprintEvent, NodeFingerprintEvent, RunEvent } from '../../src-shared/run-events';
import { isEphemeral } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Pipeline } from '../engine/pipeline';
import {
  fingerprintLocation,
  locateDataset,
  type DatasetFingerprint,
  type DatasetLocation,
} from './dataset-fingerprint';
import { combineParts, memoryFingerprint, nodeParts, type StaticFingerprints } from './node-fingerprint';

type IoEvent = Extract<RunEvent, { type: 'dataset-load' | 'dataset-save' }>;

interface Pending {
  event: IoEvent;
  kind: 'load' | 'save';
  result: Promise<{ fp: DatasetFingerprint; kept?: DatasetFingerprintEvent['kept'] } | undefined>;
}

/** Where a run's saved outputs are kept: the project's object store. */
export interface OutputKeeper {
  keep(location: DatasetLocation, fp: DatasetFingerprint): Promise<DatasetFingerprintEvent['kept']>;
  /** Once the run's outputs are kept: evict down to the budget. */
  afterRun(): void;
}

/**
 * Fingerprints one run as it goes: each dataset it saves, and each it loads from outside the run,
 * is hashed on the host as soon as its event arrives (so a run's own nodes keep running
 * meanwhile); once the run is over, `finish()` gives their events and those of the nodes that ran.
 */
export class RunFingerprints {
  private readonly pending = new Map<string, Pending>();
  private readonly done: string[] = [];
  private readonly produced: Set<string>;

  constructor(
    private readonly root: string,
    private readonly pipeline: Pipeline,
    private readonly catalog: DataCatalog,
    private readonly fixed: StaticFingerprints,
    private readonly keeper?: OutputKeeper,
  ) {
    this.produced = pipeline.allOutputs();
  }

  readonly onEvent = (event: RunEvent): void => {
    if (event.type === 'node-end' && event.status === 'done') this.done.push(event.node);
    if (event.type !== 'dataset-save' && event.type !== 'dataset-load') return;
    const kind = event.type === 'dataset-save' ? 'save' : 'load';
    if (kind === 'load' && this.produced.has(event.dataset)) return; // its save is hashed
    const key = `${kind}:${event.dataset}`;
    if (this.pending.has(key)) return;
    const location = this.locate(event);
    if (!location) return;
    const result = fingerprintLocation(location)
      .then(async (fp) => {
        if (!fp) return undefined;
        const kept =
          kind === 'save' && this.keeper ? await this.keeper.keep(location, fp).catch(() => undefined) : undefined;
        return { fp, kept };
      })
      .catch(() => undefined);
    this.pending.set(key, { event, kind, result });
  };

  private locate(event: IoEvent): DatasetLocation | undefined {
    if (!this.catalog.has(event.dataset)) return undefined;
    const ds = this.catalog.getDataset(event.dataset);
    if (isEphemeral(ds)) return undefined;
    const where = locateDataset(ds, this.root);
    // The path the event names is the very version written or read.
    if (where?.kind === 'path' && event.path) return { kind: 'path', path: event.path };
    return where;
  }

  /** The fingerprint events of the run: its datasets, then the nodes that finished, in pipeline order. */
  async finish(): Promise<Array<DatasetFingerprintEvent | NodeFingerprintEvent>> {
    const events: Array<DatasetFingerprintEvent | NodeFingerprintEvent> = [];
    const hashes = new Map<string, string>();
    for (const p of this.pending.values()) {
      const done = await p.result;
      if (!done) continue;
      const { fp, kept } = done;
      hashes.set(p.event.dataset, fp.hash);
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
    try {
      this.keeper?.afterRun();
    } catch {
      // A store that cannot be tidied keeps its objects; the run's record does not depend on it.
    }
    const nodeFps = new Map<string, string>();
    const done = new Set(this.done);
    for (const node of this.pipeline.nodes) {
      if (!done.has(node.name)) continue;
      const parts = nodeParts(node, this.fixed, (dataset) => {
        const hash = hashes.get(dataset);
        if (hash) return hash;
        const producer = this.pipeline.producerOf(dataset);
        const producerFp = producer && nodeFps.get(producer.name);
        return producerFp ? memoryFingerprint(producerFp, dataset) : `opaque:${dataset}`;
      });
      const fingerprint = await combineParts(parts);
      nodeFps.set(node.name, fingerprint);
      events.push({ type: 'node-fingerprint', at: Date.now(), node: node.name, fingerprint, parts });
    }
    return events;
  }
}
