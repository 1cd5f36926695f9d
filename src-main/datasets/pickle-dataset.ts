import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';

/**
 * Any structured-clonable value (objects, arrays, Maps, Sets, Dates, typed arrays, BigInts…),
 * stored with Node's v8 serializer. Functions and class instances' methods do not survive, as with
 * structuredClone; a value that cannot be serialized fails before anything is written.
 */
export class PickleDataset<T = unknown> extends AbstractFileDataset<T> {
  constructor(options: FileDatasetOptions) {
    super(options);
  }

  protected read(path: string): T {
    return deserialize(readFileSync(path)) as T;
  }

  protected encode(data: T): Uint8Array {
    return serialize(data);
  }
}
