import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { isTable } from '../table';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { typeOf } from './text-dataset';

/**
 * Kedro's yaml.YAMLDataset: any YAML value (objects, lists, strings, numbers, booleans, null).
 * `save_args.indent` (2) and `save_args.sort_keys` shape the file.
 */
export class YAMLDataset<T = unknown> extends AbstractFileDataset<T> {
  constructor(options: FileDatasetOptions) {
    super(options, { save_args: { indent: 2 } });
  }

  protected async read(path: string): Promise<T> {
    const text = await readFile(path, 'utf8');
    try {
      return parse(text) as T;
    } catch (err) {
      throw new Error(`invalid YAML (${(err as Error).message})`, { cause: err });
    }
  }

  protected encode(data: T): string {
    if (data === undefined || typeof data === 'function' || typeof data === 'symbol' || isTable(data)) {
      throw new Error(`YAMLDataset saves YAML values (objects, lists, text, numbers), got ${typeOf(data)}`);
    }
    return stringify(data, { indent: Number(this.saveArgs.indent ?? 2), sortMapEntries: !!this.saveArgs.sort_keys });
  }
}
