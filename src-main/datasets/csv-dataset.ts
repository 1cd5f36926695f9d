import { readFile } from 'node:fs/promises';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
import { AbstractFileDataset, type FileDatasetOptions } from './abstract-file-dataset';
import { castRules } from './csv-cast';
import { countCsvRows, readCsvHead } from './csv-head';
import { parseCsvRecords } from './csv-parse-fast';
import type { DatasetHead, HeadPreviewable } from './dataset-head';
import { DatasetError } from '../engine/errors';
import { fsReason } from './fs-atomic';
import { typeOf } from './text-dataset';

export type CsvRecord = Record<string, unknown>;

// Our own keys (and pandas' names) that csv-parse / csv-stringify must not see.
const OWN_KEYS = ['cast', 'dtype', 'sep', 'encoding', 'index'];

/**
 * An array of records, one per row, keyed by the header. `load_args` are csv-parse options plus
 * `cast`/`dtype` (see csv-cast.ts) and pandas' `sep`; `save_args` are csv-stringify options plus
 * `sep` and `header` (default true).
 */
export class CSVDataset extends AbstractFileDataset<CsvRecord[]> implements HeadPreviewable {
  constructor(options: FileDatasetOptions) {
    super(options);
    castRules(this.loadArgs); // reject bad cast options when the catalog is built, not mid-run
  }

  protected async read(path: string): Promise<CsvRecord[]> {
    const text = await readFile(path, { encoding: (this.loadArgs.encoding as BufferEncoding) ?? 'utf8' });
    return parseCsvRecords(text, this.loadArgs);
  }

  /** The header and first rows, typed from those rows, and the file's row count; the rest is not parsed. */
  async previewHead(rows: number): Promise<DatasetHead> {
    const version = this.versioning ? await this.versioning.loadVersionAsync() : undefined;
    const path = version ? this.versioning!.pathFor(version) : this.absPath;
    try {
      const head = await readCsvHead(path, { ...this.loadArgs, rows });
      return {
        names: head.names,
        columns: head.columns,
        rowCount: head.complete ? head.rowCount : await countCsvRows(path),
      };
    } catch (err) {
      const shown = version ? this.versioning!.shownFor(version) : this.filepath;
      throw new DatasetError(`Failed to preview ${shown}: ${fsReason(err)}`, { cause: err });
    }
  }

  protected encode(data: CsvRecord[]): string {
    if (!Array.isArray(data)) throw new Error(`CSVDataset saves an array of records, got ${typeOf(data)}`);
    const columns = (this.saveArgs.columns as string[] | undefined) ?? columnsOf(data);
    const options: StringifyOptions = {
      header: true,
      ...withoutOwnKeys(this.saveArgs),
      columns,
      delimiter: (this.saveArgs.delimiter ?? this.saveArgs.sep ?? ',') as string,
      cast: {
        boolean: (v) => String(v),
        date: (v) => v.toISOString(),
        object: (v) => JSON.stringify(v),
        bigint: (v) => String(v),
      },
    };
    if (!columns.length) return '';
    return stringify(data, options);
  }
}

/** Every key of every record, in order of first appearance. */
function columnsOf(rows: CsvRecord[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object')
      throw new Error(`CSVDataset saves an array of records, found ${typeOf(row)} in it`);
    for (const key of Object.keys(row)) seen.add(key);
  }
  return [...seen];
}

function withoutOwnKeys(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([k]) => !OWN_KEYS.includes(k)));
}
