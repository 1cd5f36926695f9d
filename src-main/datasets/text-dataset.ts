import { readFile } from 'node:fs/promises';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';

/** A string in a text file. `load_args.encoding` / `save_args.encoding` default to utf8. */
export class TextDataset extends AbstractFileDataset<string> {
  constructor(options: FileDatasetOptions) {
    super(options);
  }

  protected read(path: string): Promise<string> {
    return readFile(path, { encoding: (this.loadArgs.encoding as BufferEncoding) ?? 'utf8' });
  }

  protected encode(data: string): Uint8Array {
    if (typeof data !== 'string') throw new Error(`TextDataset saves a string, got ${typeOf(data)}`);
    return Buffer.from(data, (this.saveArgs.encoding as BufferEncoding) ?? 'utf8');
  }
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const name = typeof value === 'object' ? ((value as object).constructor?.name ?? 'Object') : typeof value;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
