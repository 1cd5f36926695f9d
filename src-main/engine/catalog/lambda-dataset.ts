import { DatasetError } from '../errors';
import { AbstractDataset, type MaybePromise } from './abstract-dataset';

export interface LambdaDatasetFunctions<T> {
  load?: () => MaybePromise<T>;
  save?: (data: T) => MaybePromise<void>;
  exists?: () => MaybePromise<boolean>;
  release?: () => MaybePromise<void>;
}

/** A dataset made of functions, as in the seed's "Output to a file" example. */
export class LambdaDataset<T = unknown> extends AbstractDataset<T> {
  static override singleProcess = true;

  constructor(private readonly fns: LambdaDatasetFunctions<T>) {
    super();
    for (const key of ['load', 'save', 'exists', 'release'] as const) {
      const fn = fns[key];
      if (fn !== undefined && typeof fn !== 'function') {
        throw new DatasetError(
          `'${key}' function for LambdaDataset must be a function. Object of type '${typeof fn}' provided instead.`,
        );
      }
    }
  }

  load(): MaybePromise<T> {
    if (!this.fns.load)
      throw new DatasetError("Cannot load dataset. No 'load' function provided when LambdaDataset was created.");
    return this.fns.load();
  }

  save(data: T): MaybePromise<void> {
    if (!this.fns.save)
      throw new DatasetError("Cannot save to dataset. No 'save' function provided when LambdaDataset was created.");
    return this.fns.save(data);
  }

  exists(): MaybePromise<boolean> {
    return this.fns.exists ? this.fns.exists() : super.exists();
  }

  release(): MaybePromise<void> {
    return this.fns.release?.();
  }

  describe(): Record<string, unknown> {
    const name = (f?: { name: string }) => (f ? f.name || '<lambda>' : undefined);
    return {
      load: name(this.fns.load),
      save: name(this.fns.save),
      exists: name(this.fns.exists),
      release: name(this.fns.release),
    };
  }
}
