import { LARGE_BYTES, MARK, decodeOne, isFileRef, isTableRef, removeFile, type FileRef } from './codec';
import type { DataCatalog } from '../catalog/data-catalog';
import { MemoryDataset } from '../catalog/memory-dataset';
import type { Pipeline } from '../pipeline';

interface Entry {
  value: unknown;
  /** The worker that produced it: consumers run there when they can (it may hold the value). */
  worker: string;
  /** Consumers not yet sent the value: the last one may take it (transfer) instead of a copy. */
  toSend: number;
  /** Consumers not yet finished: at 0 the value is dropped, as the release policy would. */
  toFinish: number;
  gone: boolean;
}

/**
 * Large binary intermediates passed between nodes that both run in workers skip the engine's
 * MemoryDataset: saving there would read the shared file and clone 100 MiB, only for the next
 * worker to get a copy again. The value waits here, sent on to each consumer (the shared file
 * itself between processes, a transfer between threads). Whatever is still here when the run
 * ends (a consumer failed, the run was cancelled) is saved to its MemoryDataset then, so the
 * catalog ends as it would have.
 */
export class Handoff {
  private readonly entries = new Map<string, Entry>();
  private readonly consumers = new Map<string, number>();
  private readonly terminal: Set<string>;

  constructor(
    pipeline: Pipeline,
    private readonly enabled: boolean,
  ) {
    for (const n of pipeline.nodes)
      for (const i of new Set(n.inputs)) this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
    this.terminal = pipeline.outputs();
  }

  /** Keeps `value` here instead of saving it, when it is a large binary for other workers. */
  offer(name: string, value: unknown, catalog: DataCatalog, worker: string): boolean {
    if (!this.enabled || this.terminal.has(name) || !this.consumers.get(name)) return false;
    if (!sharedFile(value) && !isLargeBinary(value)) return false;
    const ds = catalog.getDataset(name);
    if (!(ds instanceof MemoryDataset) || (ds.copyMode !== undefined && ds.copyMode !== 'deepcopy')) return false;
    const n = this.consumers.get(name)!;
    this.entries.set(name, { value, worker, toSend: n, toFinish: n, gone: false });
    return true;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Where the value was produced, to run a consumer on the same worker. */
  producer(names: readonly string[]): string | undefined {
    for (const n of names) {
      const e = this.entries.get(n);
      if (e) return e.worker;
    }
    return undefined;
  }

  /** The value for one consumer, and whether it may be moved (the last consumer). */
  take(name: string): { value: unknown; owned: boolean } {
    const e = this.entries.get(name)!;
    e.toSend--;
    const last = e.toSend === 0;
    if (sharedFile(e.value)) return { value: withFile(e.value, { unlink: false, owned: last }), owned: false };
    if (last) e.gone = true;
    return { value: e.value, owned: last };
  }

  /** A consumer finished: drop the value once none is left. */
  consumed(name: string): void {
    const e = this.entries.get(name);
    if (!e || --e.toFinish > 0) return;
    this.drop(name, e);
  }

  /** Saves what is left to its MemoryDataset and deletes the shared files. */
  async finish(catalog: DataCatalog): Promise<void> {
    for (const [name, e] of this.entries) {
      try {
        if (!e.gone)
          await catalog.save(name, decodeOne(sharedFile(e.value) ? withFile(e.value, { unlink: false }) : e.value));
      } finally {
        this.drop(name, e);
      }
    }
  }

  private drop(name: string, e: Entry): void {
    const file = sharedFile(e.value);
    if (file) removeFile(file.path);
    this.entries.delete(name);
  }
}

/** The buffers under a value that may be moved to a thread: a large binary's, a Buffer's, a table's. */
export function movableBuffers(value: unknown): ArrayBuffer[] {
  if (isTableRef(value)) {
    if (!value.columns) return movableBuffers(value.bytes);
    return [...new Set(value.columns.data.flatMap(movableBuffers))];
  }
  const view =
    value !== null && typeof value === 'object' && (value as Record<string, unknown>)[MARK] === 'buffer'
      ? (value as { bytes: Uint8Array }).bytes
      : value;
  if (view instanceof ArrayBuffer) return view.byteLength >= LARGE_BYTES ? [view] : [];
  if (!ArrayBuffer.isView(view) || view.byteLength < LARGE_BYTES) return [];
  const ab = view.buffer;
  return ab instanceof ArrayBuffer && ab.byteLength === view.byteLength ? [ab] : [];
}

function isLargeBinary(value: unknown): boolean {
  return movableBuffers(value).length > 0;
}

/** The shared file a value went through: its own, or its table's bytes' (the codec's forms). */
function sharedFile(value: unknown): FileRef | undefined {
  if (isFileRef(value)) return value;
  return isTableRef(value) && isFileRef(value.bytes) ? value.bytes : undefined;
}

/** The value with its shared file's reference changed. */
function withFile(value: unknown, change: Partial<FileRef>): unknown {
  if (isFileRef(value)) return { ...value, ...change } satisfies FileRef;
  const table = value as { bytes: FileRef };
  return { ...table, bytes: { ...table.bytes, ...change } };
}
