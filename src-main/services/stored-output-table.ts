// The explorer's source for a past run's output: its kept copy in the object store, read as the
// explorer reads today's data (CSV and Parquet files by the table worker, any other table loaded).
import { extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Project } from '../project/types';
import type { HistoryService } from './history-service';
import { ServiceError } from './service-error';
import { readKeptRows } from './kept-rows';
import { storedOutput } from './stored-output-source';
import type { TableFile } from './table-request';

export type TableSourceOf =
  { kind: 'file'; file: TableFile } | { kind: 'value'; key: string; load: () => Promise<unknown> };

/** Undefined when the run recorded no fingerprint for it (before the store): the caller reads its path. */
export function storedTableSource(
  project: Project,
  runId: string,
  dataset: string,
  recordedType: string,
  history: HistoryService,
): TableSourceOf | undefined {
  let record;
  try {
    record = history.fingerprints().datasetOfRun(runId, dataset);
  } catch {
    return undefined; // a history without fingerprints
  }
  if (!record || record.kind !== 'save') return undefined;
  const stored = storedOutput(project.root, project, record, recordedType);
  const key = `stored|${record.hash}|${recordedType}`;
  if (stored.kind === 'gone') throw new ServiceError('not-found', stored.reason);
  if (stored.kind === 'rows') {
    const { path } = stored;
    return { kind: 'value', key, load: () => readKeptRows(path) };
  }
  const { object } = stored;
  if (object.kind === 'folder')
    throw new ServiceError('usage', `Run ${runId}'s '${dataset}' is a folder of partitions, not one table.`);
  if (stored.kind === 'dataset') {
    const ds = stored.dataset;
    const described = ds.describe();
    if (/CSV/.test(ds.typeName)) {
      const { as: _as, ...options } = (described.load_args ?? {}) as Record<string, unknown>;
      return { kind: 'file', file: { format: 'csv', path: object.path, options } };
    }
    if (/Parquet/.test(ds.typeName)) {
      const columns = (described.load_args as { columns?: unknown } | undefined)?.columns;
      const picked = Array.isArray(columns) ? columns.map(String) : undefined;
      return { kind: 'file', file: { format: 'parquet', path: object.path, columns: picked } };
    }
    return { kind: 'value', key, load: () => Promise.resolve(ds.load()) };
  }
  const ext = extname(record.path ?? '').toLowerCase();
  if (ext === '.csv' || ext === '.tsv')
    return { kind: 'file', file: { format: 'csv', path: object.path, options: ext === '.tsv' ? { sep: '\t' } : {} } };
  if (ext === '.parquet' || ext === '.pq') return { kind: 'file', file: { format: 'parquet', path: object.path } };
  if (ext === '.json')
    return { kind: 'value', key, load: async () => JSON.parse(await readFile(object.path, 'utf8')) as unknown };
  throw new ServiceError('usage', `${stored.note} It is not a table file.`);
}
