import { readFile } from 'node:fs/promises';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';

/**
 * Any JSON value. `save_args.indent` (default 2) formats the file; `save_args.sort_keys` sorts
 * object keys, as Python's json.dump.
 */
export class JSONDataset<T = unknown> extends AbstractFileDataset<T> {
  constructor(options: FileDatasetOptions) {
    super(options, { save_args: { indent: 2 } });
  }

  protected async read(path: string): Promise<T> {
    const text = await readFile(path, 'utf8');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`invalid JSON (${(err as Error).message})`, { cause: err });
    }
  }

  protected encode(data: T): string {
    const indent = this.saveArgs.indent as number | string | undefined;
    const replacer = this.saveArgs.sort_keys ? sortKeys : undefined;
    const text = JSON.stringify(data, replacer, indent ?? undefined);
    if (text === undefined) throw new Error(`${typeof data} is not a JSON value`);
    return `${text}\n`;
  }
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
