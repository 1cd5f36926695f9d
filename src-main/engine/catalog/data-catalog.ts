import { DatasetAlreadyExistsError, DatasetError, DatasetNotFoundError, closeMatches, errorMessage } from '../errors';
import { AbstractDataset } from './abstract-dataset';
import { MemoryDataset } from './memory-dataset';

/** Creates a dataset for a name no entry declares (dataset factories), or returns undefined. */
export type DatasetResolver = (name: string) => AbstractDataset | undefined;

export interface DataCatalogOptions {
  /** Resolves names matched by dataset factory patterns, on first use. */
  resolver?: DatasetResolver;
}

/**
 * Datasets by name. `load`, `save`, `exists` and `release` are async because any dataset may be.
 * Errors name the dataset and keep the original error as their cause.
 */
export class DataCatalog {
  private readonly datasets = new Map<string, AbstractDataset>();
  private readonly resolver: DatasetResolver | undefined;

  constructor(datasets: Record<string, AbstractDataset> = {}, options: DataCatalogOptions = {}) {
    for (const [name, ds] of Object.entries(datasets)) this.add(name, ds);
    this.resolver = options.resolver;
  }

  /** Registered names, optionally filtered by a regular expression. */
  list(regex?: string | RegExp): string[] {
    const names = [...this.datasets.keys()];
    if (regex === undefined) return names;
    const re = typeof regex === 'string' ? new RegExp(regex) : regex;
    return names.filter((n) => re.test(n));
  }

  /** True for registered names and names a factory pattern resolves. */
  has(name: string): boolean {
    return this.datasets.has(name) || this.resolve(name) !== undefined;
  }

  /** True only for names registered (not for names a pattern would resolve). */
  isRegistered(name: string): boolean {
    return this.datasets.has(name);
  }

  add(name: string, dataset: AbstractDataset, replace = false): void {
    if (!(dataset instanceof AbstractDataset)) {
      throw new DatasetError(`Dataset '${name}' must be an AbstractDataset, not ${String(dataset)}`);
    }
    if (this.datasets.has(name) && !replace) {
      throw new DatasetAlreadyExistsError(`Dataset '${name}' has already been registered`);
    }
    this.datasets.set(name, dataset);
  }

  /** Registers each value as a MemoryDataset holding it (or as itself when it is a dataset). */
  addFeedDict(feed: Record<string, unknown>, replace = false): void {
    for (const [name, value] of Object.entries(feed)) {
      const ds = value instanceof AbstractDataset ? value : new MemoryDataset({ data: value });
      this.add(name, ds, replace);
    }
  }

  /** The dataset registered or resolved under this name; throws if there is none. */
  getDataset(name: string): AbstractDataset {
    const ds = this.datasets.get(name) ?? this.resolve(name);
    if (!ds) {
      const hint = closeMatches(name, this.datasets.keys());
      throw new DatasetNotFoundError(
        `Dataset '${name}' not found in the catalog${hint.length ? ` - did you mean one of these instead: ${hint.join(', ')}` : ''}`,
      );
    }
    return ds;
  }

  async load(name: string): Promise<unknown> {
    const ds = this.getDataset(name);
    try {
      return await ds.load();
    } catch (err) {
      throw wrap(err, `Failed while loading data from dataset '${name}' (${ds}).`);
    }
  }

  async save(name: string, data: unknown): Promise<void> {
    const ds = this.getDataset(name);
    if (data === undefined) throw new DatasetError(`Saving 'undefined' to dataset '${name}' is not allowed`);
    try {
      await ds.save(data);
    } catch (err) {
      throw wrap(err, `Failed while saving data to dataset '${name}' (${ds}).`);
    }
  }

  async exists(name: string): Promise<boolean> {
    const ds = this.datasets.get(name) ?? this.resolve(name);
    if (!ds) return false;
    try {
      return await ds.exists();
    } catch (err) {
      throw wrap(err, `Failed during exists check for dataset '${name}'.`);
    }
  }

  async release(name: string): Promise<void> {
    const ds = this.getDataset(name);
    try {
      await ds.release();
    } catch (err) {
      throw wrap(err, `Failed during release for dataset '${name}'.`);
    }
  }

  /** A new catalog sharing the same dataset objects. */
  shallowCopy(): DataCatalog {
    const copy = new DataCatalog({}, { resolver: this.resolver });
    for (const [name, ds] of this.datasets) copy.datasets.set(name, ds);
    return copy;
  }

  private resolve(name: string): AbstractDataset | undefined {
    if (!this.resolver) return undefined;
    const ds = this.resolver(name);
    if (ds) this.datasets.set(name, ds);
    return ds;
  }
}

function wrap(err: unknown, message: string): DatasetError {
  return new DatasetError(`${message}\n${errorMessage(err)}`, { cause: err });
}
