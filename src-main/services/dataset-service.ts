import type { DatasetInfo, DatasetPreview } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { stripTranscoding } from '../engine/node';
import { assertFileInProject, datasetKind, fileInProject, isParameter } from './dataset-scope';
import type { HistoryService } from './history-service';
import { canPreviewHead } from '../datasets/dataset-head';
import { jsonRecord } from './json-safe';
import { previewFile } from './preview-file';
import { previewStoredOutput } from './stored-output-preview';
import { headPreview } from './preview-head';
import { previewValue, type PreviewContext } from './preview-value';
import type { OpenProject, ProjectService } from './project-service';
import type { RunService } from './run-service';
import { ServiceError } from './service-error';

type PreviewArgs = ParsedArgs<'datasets.preview'>;

/** A dataset's definition, versions and previews: current data, a version, what a run wrote, or the last run's memory. */
export class DatasetService {
  // Paging through a table reloads nothing: the last few loaded values stay here.
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly projects: ProjectService,
    private readonly runs: RunService,
    private readonly history: HistoryService | undefined,
  ) {}

  async inspect(name: string, pipelineName = '__default__'): Promise<DatasetInfo> {
    const open = this.projects.require();
    const { project } = open;
    const scope = datasetKind(project, name);
    const pipeline = project.pipelines[pipelineName] ?? project.pipelines.__default__;
    const producers =
      pipeline?.nodes.filter((n) => n.outputs.some((o) => stripTranscoding(o) === name)).map((n) => n.name) ?? [];
    const consumers =
      pipeline?.nodes.filter((n) => n.inputs.some((i) => stripTranscoding(i) === name)).map((n) => n.name) ?? [];
    const inMemory = this.runs.memoryValue(name).found;
    if (isParameter(name)) {
      return {
        name,
        type: 'parameters',
        definition: null,
        kind: 'parameter',
        versioned: false,
        versions: [],
        producers,
        consumers,
        exists: true,
        inMemory: false,
      };
    }
    const catalog = project.createCatalog();
    const entry = project.catalogConfig[name];
    if (!catalog.has(name)) {
      return {
        name,
        type: 'MemoryDataset',
        definition: null,
        kind: 'memory',
        versioned: false,
        versions: [],
        producers,
        consumers,
        exists: inMemory,
        inMemory,
      };
    }
    const ds = catalog.getDataset(name);
    if (scope !== 'entry') assertFileInProject(project, name, ds.describe());
    const versions =
      typeof (ds as { versions?: unknown }).versions === 'function'
        ? await (ds as unknown as { versions(): string[] | Promise<string[]> }).versions()
        : [];
    let exists = false;
    try {
      exists = await catalog.exists(name);
    } catch {
      // A dataset that cannot even check is shown as absent; the preview reports the reason.
    }
    return {
      name,
      type: ds.typeName,
      definition: entry ? jsonRecord(entry) : jsonRecord(ds.describe()),
      kind: entry ? (ds instanceof MemoryDataset ? 'memory' : 'catalog') : 'factory',
      versioned: entry?.versioned === true || versions.length > 0,
      versions: versions.map((version) => ({ version })),
      producers,
      consumers,
      exists,
      inMemory,
    };
  }

  async preview(args: PreviewArgs): Promise<DatasetPreview> {
    const open = this.projects.require();
    const page = { offset: args.offset, limit: args.limit };
    const { name } = args;
    if (isParameter(name)) {
      const key = name.replace(/^params:/, '');
      const value = name === 'parameters' ? open.project.parameters : getDotted(open.project.parameters, key);
      if (value === undefined)
        throw new ServiceError('not-found', `No parameter '${key}' in this project's parameters.`);
      return previewValue(value, { dataset: name, source: 'current' }, page);
    }
    // A run's outputs are looked up in its history, whatever the project holds today.
    if (args.runId) return this.previewRunOutput(open, args);
    const scope = datasetKind(open.project, name);
    const catalog = open.project.createCatalog();
    const declared = catalog.has(name) && !(catalog.getDataset(name) instanceof MemoryDataset);
    if (declared && scope !== 'entry') assertFileInProject(open.project, name, catalog.getDataset(name).describe());
    if (args.memory || !declared) {
      const kept = this.runs.memoryValue(name);
      if (kept.found) return previewValue(kept.value, { dataset: name, source: 'memory', runId: kept.runId }, page);
      if (!declared) {
        return {
          dataset: name,
          source: 'memory',
          kind: 'empty',
          reason: `'${name}' lives in memory only: run the pipeline to see its value.`,
        };
      }
    }
    return this.previewCatalog(open, { dataset: name, source: 'current', version: args.version }, page);
  }

  private async previewRunOutput(open: OpenProject, args: PreviewArgs): Promise<DatasetPreview> {
    const runId = args.runId!;
    const ctx: PreviewContext = { dataset: args.name, source: 'run', runId };
    if (!this.history) throw new ServiceError('not-found', 'The run history is not available in this host.');
    const run = await this.history.get(runId);
    const output = [...run.outputs].reverse().find((o) => stripTranscoding(o.dataset) === args.name);
    if (!output) return { ...ctx, kind: 'empty', reason: `Run ${runId} did not write '${args.name}'.` };
    const version = args.version ?? output.version;
    if (version) return this.previewCatalog(open, { ...ctx, version }, args);
    let record;
    try {
      record = this.history.fingerprints().datasetOfRun(runId, output.dataset);
    } catch {
      record = undefined; // a history without fingerprints: the run is shown as before
    }
    const stored = await previewStoredOutput(open.project.root, open.project, record, output.datasetType, ctx, args);
    if (stored) return stored;
    if (output.path) {
      if (!fileInProject(open.project, output.path)) {
        const reason = `Run ${runId} wrote '${args.name}' to ${output.path}, outside the project: the app reads only files in the project folder.`;
        return { ...ctx, kind: 'unsupported', reason };
      }
      return previewFile(output.path, ctx, args);
    }
    return { ...ctx, kind: 'empty', reason: `Run ${runId} kept '${args.name}' in memory only; its value is gone.` };
  }

  private async previewCatalog(
    open: OpenProject,
    ctx: PreviewContext,
    page: { offset: number; limit: number },
  ): Promise<DatasetPreview> {
    const key = `${open.project.root}|${open.summary.loadedAt}|${ctx.dataset}|${ctx.version ?? ''}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      const catalog = open.project.createCatalog(ctx.version ? { loadVersions: { [ctx.dataset]: ctx.version } } : {});
      if (!ctx.version && !(await catalog.exists(ctx.dataset))) {
        return { ...ctx, kind: 'empty', reason: `'${ctx.dataset}' has no data yet: run the pipeline that writes it.` };
      }
      // A table that can read its first rows is not loaded whole: only the page's rows are read.
      const dataset = catalog.getDataset(ctx.dataset);
      if (canPreviewHead(dataset)) return headPreview(await dataset.previewHead(page.offset + page.limit), ctx, page);
      value = await catalog.load(ctx.dataset);
      this.cache.set(key, value);
      while (this.cache.size > 4) this.cache.delete(this.cache.keys().next().value!);
    }
    return previewValue(value, ctx, page);
  }
}

function getDotted(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  return key
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), obj);
}
