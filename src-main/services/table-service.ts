// The data explorer's API: a page of a table dataset (sorted, filtered) and its columns' statistics.
// A CSV file is read by the table worker through its row index, never whole and never on this
// thread; any other table (Parquet, Excel, SQL, a run's memory) is loaded once and kept for paging.
import { extname } from 'node:path';
import type { ParsedArgs } from '../../src-shared/contract';
import type { TablePage, TableSource, TableStats } from '../../src-shared/table-page';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { stripTranscoding } from '../engine/node';
import type { TableFile } from './table-request';
import { assertFileInProject, datasetKind, fileInProject, isParameter } from './dataset-scope';
import type { HistoryService } from './history-service';
import type { OpenProject, ProjectService } from './project-service';
import type { RunService } from './run-service';
import { ServiceError } from './service-error';
import { storedTableSource } from './stored-output-table';
import { fileKey } from './csv-row-index';
import { TableWorker } from './table-worker';
import { valueColumns, valuePage, valueStats, type ValueColumns } from './table-value';
import { resolve } from 'node:path';
import { readFile } from 'node:fs/promises';

type Resolved = { kind: 'file'; file: TableFile } | { kind: 'value'; key: string; load: () => Promise<unknown> };

const CSV_EXT = new Set(['.csv', '.tsv']);
const PARQUET_EXT = new Set(['.parquet', '.pq']);

export class TableService {
  private readonly values = new Map<string, Promise<ValueColumns>>();

  constructor(
    private readonly projects: ProjectService,
    private readonly runs: RunService,
    private readonly history: HistoryService | undefined,
    readonly worker: TableWorker = new TableWorker(),
  ) {}

  async page(args: ParsedArgs<'datasets.table'>): Promise<TablePage> {
    const query = { dataset: args.name, offset: args.offset, limit: args.limit, sort: args.sort, filter: args.filter };
    const source = await this.resolve(args);
    if (source.kind === 'file') return this.worker.page(source.file, query);
    return valuePage(await this.columns(source, args.name), query);
  }

  async stats(args: ParsedArgs<'datasets.stats'>): Promise<TableStats> {
    const source = await this.resolve(args);
    if (source.kind === 'file') return this.worker.stats(source.file, args.name);
    return valueStats(await this.columns(source, args.name), args.name);
  }

  close(): void {
    this.worker.close();
  }

  private columns(source: Extract<Resolved, { kind: 'value' }>, dataset: string): Promise<ValueColumns> {
    let p = this.values.get(source.key);
    if (!p) {
      p = source.load().then((v) => valueColumns(v, dataset));
      this.values.set(source.key, p);
      p.catch(() => this.values.delete(source.key));
      while (this.values.size > 4) this.values.delete(this.values.keys().next().value!);
    }
    return p;
  }

  private async resolve(source: TableSource): Promise<Resolved> {
    const open = this.projects.require();
    const { name } = source;
    const stamp = `${open.project.root}|${open.summary.loadedAt}|${name}`;
    if (isParameter(name)) throw new ServiceError('usage', `'${name}' is a parameter, not a table.`);
    if (source.runId) return this.resolveRunOutput(open, source);
    const scope = datasetKind(open.project, name);
    const catalog = open.project.createCatalog(source.version ? { loadVersions: { [name]: source.version } } : {});
    const declared = catalog.has(name) && !(catalog.getDataset(name) instanceof MemoryDataset);
    if (source.memory || !declared) {
      const kept = this.runs.memoryValue(name);
      if (kept.found) return { kind: 'value', key: `${stamp}|memory|${kept.runId}`, load: async () => kept.value };
      throw new ServiceError('not-found', `'${name}' lives in memory only: run the pipeline to see its value.`);
    }
    const dataset = catalog.getDataset(name);
    if (scope !== 'entry') assertFileInProject(open.project, name, dataset.describe());
    if (!source.version && !(await catalog.exists(name)))
      throw new ServiceError('not-found', `'${name}' has no data yet: run the pipeline that writes it.`);
    const path = (dataset as { loadPath?: () => string | undefined }).loadPath?.();
    if (path && CSV_EXT.has(extname(path).toLowerCase()) && /CSV/.test(dataset.typeName)) {
      const { as: _as, ...options } = (dataset.describe().load_args ?? {}) as Record<string, unknown>;
      return { kind: 'file', file: { format: 'csv', path, options } };
    }
    if (path && PARQUET_EXT.has(extname(path).toLowerCase()) && /Parquet/.test(dataset.typeName)) {
      const columns = (dataset.describe().load_args as { columns?: unknown } | undefined)?.columns;
      return {
        kind: 'file',
        file: { format: 'parquet', path, columns: Array.isArray(columns) ? columns.map(String) : undefined },
      };
    }
    const described = dataset.describe();
    if (
      /SQL/.test(dataset.typeName) &&
      typeof described.filepath === 'string' &&
      typeof described.table_name === 'string'
    )
      return {
        kind: 'file',
        file: { format: 'sqlite', path: resolve(open.project.root, described.filepath), table: described.table_name },
      };
    // A file a run rewrites since is loaded again: its size and mtime are part of the key.
    const changed = path ? await fileKey(path).catch(() => '') : '';
    return { kind: 'value', key: `${stamp}|${source.version ?? ''}|${changed}`, load: () => catalog.load(name) };
  }

  private async resolveRunOutput(open: OpenProject, source: TableSource): Promise<Resolved> {
    const runId = source.runId!;
    if (!this.history) throw new ServiceError('not-found', 'The run history is not available in this host.');
    const run = await this.history.get(runId);
    const output = [...run.outputs].reverse().find((o) => stripTranscoding(o.dataset) === source.name);
    if (!output) throw new ServiceError('not-found', `Run ${runId} did not write '${source.name}'.`);
    const version = source.version ?? output.version;
    if (version) return this.resolve({ name: source.name, version });
    const stored = storedTableSource(open.project, runId, output.dataset, output.datasetType, this.history);
    if (stored) return stored;
    if (!output.path)
      throw new ServiceError('not-found', `Run ${runId} kept '${source.name}' in memory only; its value is gone.`);
    if (!fileInProject(open.project, output.path))
      throw new ServiceError(
        'usage',
        `Run ${runId} wrote '${source.name}' to ${output.path}, outside the project: the app reads only files in the project folder.`,
      );
    const path = resolve(open.project.root, output.path);
    const ext = extname(path).toLowerCase();
    if (CSV_EXT.has(ext))
      return { kind: 'file', file: { format: 'csv', path, options: ext === '.tsv' ? { sep: '\t' } : {} } };
    if (PARQUET_EXT.has(ext)) return { kind: 'file', file: { format: 'parquet', path } };
    if (ext === '.json')
      return {
        kind: 'value',
        key: `run|${runId}|${path}`,
        load: async () => JSON.parse(await readFile(path, 'utf8')),
      };
    throw new ServiceError(
      'usage',
      `Run ${runId} wrote '${source.name}' to ${output.path}, which is not a table file.`,
    );
  }
}
