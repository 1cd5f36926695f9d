export type MaybePromise<T> = T | Promise<T>;

/** Where a load or save went, for the run's events and history. */
export interface IoInfo {
  path?: string;
  version?: string;
  /** Bytes on disk, where known. */
  size?: number;
}

/**
 * Marks a dataset built from a catalog.yml entry, with that entry: a worker thread or process can
 * build its own copy from it and load or save there, as Kedro's ParallelRunner does.
 */
export const CATALOG_ENTRY = Symbol.for('pipewright.catalogEntry');

/**
 * The base of every dataset. Any method may be async. Subclasses implement `load` and `save`, and
 * usually `exists` and `describe`.
 */
export abstract class AbstractDataset<T = unknown> {
  /** A dataset that must stay in the process that made it (Kedro's _SINGLE_PROCESS): ParallelRunner refuses it. */
  static singleProcess = false;
  /** Data that lives only in memory (Kedro's _EPHEMERAL): never a place to resume from. */
  static ephemeral = false;

  [CATALOG_ENTRY]?: Record<string, unknown>;

  abstract load(): MaybePromise<T>;
  abstract save(data: T): MaybePromise<void>;

  exists(): MaybePromise<boolean> {
    return false;
  }

  release(): MaybePromise<void> {}

  describe(): Record<string, unknown> {
    return {};
  }

  /** The path, version and size of the last load or save, for file datasets. */
  ioInfo(_kind: 'load' | 'save'): IoInfo | undefined {
    return undefined;
  }

  get typeName(): string {
    return this.constructor.name;
  }

  toString(): string {
    const described = Object.entries(this.describe())
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    return `${this.typeName}(${described})`;
  }
}

export function isSingleProcess(ds: AbstractDataset): boolean {
  return Boolean((ds.constructor as typeof AbstractDataset).singleProcess);
}

export function isEphemeral(ds: AbstractDataset): boolean {
  return Boolean((ds.constructor as typeof AbstractDataset).ephemeral);
}
