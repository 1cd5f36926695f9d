import { readFile } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { checkClonable } from './clonable-check';

/**
 * Any structured-clonable value (objects, arrays, Maps, Sets, Dates, typed arrays, BigInts…),
 * stored with Node's v8 serializer. A value holding an instance of a class of its own is refused
 * (its methods would not survive), and one that cannot be serialized fails before anything is written.
 */
export class PickleDataset<T = unknown> extends AbstractFileDataset<T> {
  constructor(options: FileDatasetOptions) {
    super(options);
  }

  protected async read(path: string): Promise<T> {
    return deserialize(await readFile(path)) as T;
  }

  protected encode(data: T): Uint8Array {
    checkClonable(data, `PickleDataset '${this.filepath}'`);
    return serialize(data);
  }
}
