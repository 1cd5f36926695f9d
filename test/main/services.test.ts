import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api-types';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { VARIANCE, collectRun, tempProject } from './helpers';
import { inputLabel, type FunctionDocNode } from '../../src-renderer/flow/editor/doc';
import { fromGraph, toFile } from '../../src-renderer/flow/editor/to-file';
import { serviceCaller } from '../service-call';

let project: ReturnType<typeof tempProject>;
let services: AppServices;
const call = serviceCaller(() => services);

async function runToEnd(args: Record<string, unknown> = {}): Promise<{ runId: string; events: AppEvent[] }> {
  let runId: string | undefined;
  const done = collectRun(services.onEvent, () => runId);
  runId = (await call('runs.start', args)).runId;
  return { runId, events: await done };
}

beforeEach(() => {
  project = tempProject();
  services = createServices({ dataDir: project.dataDir });
});
afterEach(async () => {
  await services.close();
  project.cleanup();
});

describe('project service', () => {
  it('needs an open project, then summarises it and remembers it as recent', async () => {
    expect(await dispatch(services.handlers, 'pipelines.graph', {})).toMatchObject({
      ok: false,
      error: { code: 'no-project' },
    });
    const summary = await call('project.open', { root: project.root });
    expect(summary.pipelines.map((p) => p.name)).toEqual(['__default__', 'slow']);
    expect(summary.tags).toEqual(['prep', 'report']);
    expect(summary.catalog.map((c) => c.name)).toEqual(['companies', 'report']);
    expect(summary.runners.filter((r) => r.builtIn).map((r) => r.id)).toEqual([
      'SequentialRunner',
      'ThreadRunner',
      'ParallelRunner',
      'DistributedRunner',
    ]);
    expect(await call('project.current')).toMatchObject({ root: project.root });
    expect((await call('project.recent'))[0]).toMatchObject({ root: project.root, name: 'project' });
    expect(JSON.parse(readFileSync(join(project.dataDir, 'recent-projects.json'), 'utf8'))[0].root).toBe(project.root);
  });

  it("lists a project's own runners from src/", async () => {
    const variance = tempProject(VARIANCE);
    try {
      const summary = await call('project.open', { root: variance.root });
      expect(summary.runners.find((r) => !r.builtIn)).toEqual({
        id: 'src/runner.ts#DryRunner',
        label: 'DryRunner',
        builtIn: false,
      });
    } finally {
      variance.cleanup();
    }
  });

  it('refuses a folder that does not exist, by name', async () => {
    const reply = await dispatch(services.handlers, 'project.open', { root: join(project.root, 'nope') });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(!reply.ok && reply.error.message).toContain('nope');
  });
});

describe('graph service', () => {
  it('describes function, dataset and parameter nodes with edges, types and tags', async () => {
    await call('project.open', { root: project.root });
    const graph = await call('pipelines.graph', {});
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect([...byId.keys()].filter((id) => id.startsWith('fn:')).sort()).toEqual([
      'fn:check',
      'fn:clean',
      'fn:summarise',
      'fn:totals',
    ]);
    expect(byId.get('ds:companies')).toMatchObject({ kind: 'dataset', datasetType: 'CSVDataset', isInput: true });
    expect(byId.get('ds:cleaned')).toMatchObject({ kind: 'dataset', datasetType: 'MemoryDataset' });
    expect(byId.get('param:params:scale')).toMatchObject({ kind: 'parameter', label: 'scale' });
    expect(byId.get('fn:clean')?.tags).toEqual(['prep']);
    expect(graph.edges.map((e) => e.id)).toContain('ds:companies->fn:clean');
    expect(graph.edges.map((e) => e.id)).toContain('fn:clean->ds:cleaned');
    expect(graph.tags).toEqual(['prep', 'report']);
    for (const e of graph.edges) expect(byId.has(e.source) && byId.has(e.target)).toBe(true);
  });

  it('names the pipelines that exist when asked for one that does not', async () => {
    await call('project.open', { root: project.root });
    const reply = await dispatch(services.handlers, 'pipelines.graph', { pipeline: 'slo' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(!reply.ok && reply.error.message).toContain("Did you mean 'slow'");
  });
});

describe('run service', () => {
  it('runs, streams events tagged with the run id, and keeps the live state', async () => {
    await call('project.open', { root: project.root });
    const { runId, events } = await runToEnd();
    const types = events.map((e) => (e.channel === 'run' ? e.event.type : ''));
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-end');
    expect(types.filter((t) => t === 'node-end')).toHaveLength(4);
    const live = await call('runs.live');
    expect(live[0]).toMatchObject({ runId, status: 'success' });
    expect(live[0]!.nodes.every((n) => n.status === 'done')).toBe(true);
    expect(existsSync(join(project.root, 'data/report.json'))).toBe(true);
  });

  it('reports a failing node in the events and the live state', async () => {
    await call('project.open', { root: project.root });
    const { runId, events } = await runToEnd({ params: { fail: true } });
    const end = events.at(-1)!;
    expect(end.channel === 'run' && end.event).toMatchObject({ type: 'run-end', status: 'failed' });
    const live = (await call('runs.live')).find((r) => r.runId === runId)!;
    expect(live.nodes.find((n) => n.name === 'check')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('on purpose') },
    });
  });

  it('cancels a running run', async () => {
    await call('project.open', { root: project.root });
    let runId: string | undefined;
    const done = collectRun(services.onEvent, () => runId);
    runId = (await call('runs.start', { pipeline: 'slow', params: { delay: 400 } })).runId;
    expect(await call('runs.cancel', { runId })).toEqual({ cancelled: true });
    const end = (await done).at(-1)!;
    expect(end.channel === 'run' && end.event).toMatchObject({ type: 'run-end', status: 'cancelled' });
    expect(await call('runs.cancel', { runId })).toEqual({ cancelled: false });
  });

  it('runs only the nodes a missing output needs when asked to, as the CLI does', async () => {
    await call('project.open', { root: project.root });
    await runToEnd();
    const logs = (events: AppEvent[]) =>
      events.flatMap((e) => (e.channel === 'run' && e.event.type === 'log' ? [e.event.message] : []));
    const skipped = await runToEnd({ onlyMissingOutputs: true });
    expect(logs(skipped.events)).toContain('Skipping all 4 nodes (all persistent outputs exist)');

    rmSync(join(project.root, 'data/report.json'));
    const { runId, events } = await runToEnd({ onlyMissingOutputs: true });
    expect(logs(events)).toEqual(
      expect.arrayContaining(['Skipping 2 nodes with existing outputs: check, totals', 'Running 2 out of 4 nodes']),
    );
    const live = (await call('runs.live')).find((r) => r.runId === runId)!;
    expect(live.nodes.map((n) => `${n.name}:${n.status}`)).toEqual(['clean:done', 'summarise:done']);
    expect(await dispatch(services.handlers, 'runs.start', { onlyMissingOutputs: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-args' },
    });
  });

  it('rejects a bad request before any node runs, with the reason', async () => {
    await call('project.open', { root: project.root });
    const reply = await dispatch(services.handlers, 'runs.start', { runner: 'Sequentialrunner' });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'usage', message: expect.stringContaining('Unknown runner') },
    });
    expect(await dispatch(services.handlers, 'runs.start', { tags: ['nope'] })).toMatchObject({
      ok: false,
      error: { code: 'usage' },
    });
    expect(await call('runs.live')).toEqual([]);
  });
});

describe('dataset service', () => {
  it('previews a CSV as a typed, paged table and a JSON file as a tree', async () => {
    await call('project.open', { root: project.root });
    const table = await call('datasets.preview', { name: 'companies', offset: 1, limit: 1 });
    expect(table).toMatchObject({ kind: 'table', rowCount: 3, offset: 1, rows: [['Globex', 45, false]] });
    expect(table.kind === 'table' && table.columns).toEqual([
      { name: 'name', type: 'string' },
      { name: 'employees', type: 'number' },
      { name: 'public', type: 'boolean' },
    ]);
    expect(await call('datasets.preview', { name: 'report' })).toMatchObject({ kind: 'empty' });
    await runToEnd();
    expect(await call('datasets.preview', { name: 'report' })).toMatchObject({
      kind: 'json',
      value: { count: 3, employees: [240, 90, 600] },
    });
  });

  it("inspects a dataset's definition and neighbours, and previews the last run's memory values", async () => {
    await call('project.open', { root: project.root });
    expect(await call('datasets.inspect', { name: 'companies' })).toMatchObject({
      type: 'CSVDataset',
      kind: 'catalog',
      definition: { type: 'CSVDataset', filepath: 'data/companies.csv' },
      consumers: ['clean'],
      exists: true,
    });
    expect(await call('datasets.preview', { name: 'employee_totals' })).toMatchObject({
      kind: 'empty',
      source: 'memory',
    });
    const { runId } = await runToEnd();
    expect(await call('datasets.preview', { name: 'employee_totals' })).toMatchObject({
      kind: 'series',
      source: 'memory',
      runId,
      series: [{ values: [240, 90, 600] }],
    });
    expect(await call('datasets.inspect', { name: 'employee_totals' })).toMatchObject({
      kind: 'memory',
      inMemory: true,
      producers: ['totals'],
    });
    expect(await call('datasets.preview', { name: 'params:scale' })).toMatchObject({ kind: 'json', value: 2 });
  });
});

describe('pipeline files', () => {
  it("lists the project's functions, validates a file and saves it as a pipeline", async () => {
    await call('project.open', { root: project.root });
    const fns = await call('pipelines.functions');
    expect(fns.map((f) => f.ref)).toContain('src/nodes.ts#clean');
    const file = {
      nodes: [
        {
          name: 'clean2',
          func: 'src/nodes.ts#clean',
          inputs: ['companies', 'params:scale'],
          outputs: 'cleaned2',
          position: { x: 1, y: 2 },
        },
      ],
    };
    expect(await call('pipelines.validate', { file })).toEqual({ ok: true, issues: [] });
    const bad = { nodes: [{ name: 'x', func: 'src/nodes.ts#nope', inputs: null, outputs: 'y' }] };
    expect((await call('pipelines.validate', { file: bad })).issues[0]).toMatchObject({ node: 'x' });
    const saved = await call('pipelines.save', { name: 'edited', file });
    expect(saved.summary.pipelines.map((p) => p.name)).toContain('edited');
    expect(
      (await call('pipelines.graph', { pipeline: 'edited' })).nodes.find((n) => n.id === 'fn:clean2')?.position,
    ).toEqual({ x: 1, y: 2 });
  });

  it("lays the default pipeline's graph out as soon as the project opens, before the page asks", async () => {
    await call('project.open', { root: project.root });
    const layouts = join(project.root, '.pipewright', 'layouts');
    const written = () => (existsSync(layouts) ? readdirSync(layouts).filter((n) => n.endsWith('.json')) : []);
    await expect.poll(written, { timeout: 15_000 }).toHaveLength(1);
    const graph = await call('pipelines.graph', {});
    expect(written()).toEqual([`${graph.layout!.key}.json`]);
  });

  it('builds a pipeline graph once per loaded project, and afresh once the project reloads', async () => {
    await call('project.open', { root: project.root });
    const first = await call('pipelines.graph', {});
    expect(await call('pipelines.graph', { pipeline: '__default__' })).toBe(first);
    const file = (x: number) => ({
      nodes: [
        {
          name: 'moved',
          func: 'src/nodes.ts#clean',
          inputs: ['companies', 'params:scale'],
          outputs: 'moved_out',
          position: { x, y: 0 },
        },
      ],
    });
    await call('pipelines.save', { name: 'moved', file: file(1) });
    const position = async () =>
      (await call('pipelines.graph', { pipeline: 'moved' })).nodes.find((n) => n.id === 'fn:moved')?.position;
    expect(await position()).toEqual({ x: 1, y: 0 });
    await call('pipelines.save', { name: 'moved', file: file(7) });
    expect(await position()).toEqual({ x: 7, y: 0 });
    expect(await call('pipelines.graph', {})).not.toBe(first);
  });

  it('keeps keyword-style (record) inputs and outputs through the editor: host graph → editor document → file', async () => {
    await call('project.open', { root: project.root });
    const functions = await call('pipelines.functions');
    const file = {
      nodes: [
        {
          name: 'keyed',
          func: 'src/nodes.ts#scaledCount',
          inputs: { rows: 'companies', factor: 'params:scale' },
          outputs: { total: 'keyed_total', count: 'keyed_count' },
          position: { x: 10, y: 20 },
        },
      ],
    };
    await call('pipelines.save', { name: 'keyed', file });
    const graph = await call('pipelines.graph', { pipeline: 'keyed' });
    expect(graph.nodes.find((n) => n.id === 'fn:keyed')).toMatchObject({
      inputKeys: ['rows', 'factor'],
      outputKeys: ['total', 'count'],
    });
    const { doc, warnings } = fromGraph(graph, functions);
    expect(warnings).toEqual([]);
    expect(inputLabel(doc.nodes.find((n) => n.kind === 'function') as FunctionDocNode, 1)).toBe('factor');
    expect(toFile(doc).file).toEqual(file);
  });

  it('refuses, before writing, a file named like a pipeline of the registry', async () => {
    await call('project.open', { root: project.root });
    const file = {
      nodes: [
        { name: 'clean2', func: 'src/nodes.ts#clean', inputs: ['companies', 'params:scale'], outputs: 'cleaned2' },
      ],
    };
    const reply = await dispatch(services.handlers, 'pipelines.save', { name: 'slow', file });
    expect(reply).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(!reply.ok && reply.error.message).toMatch(/'slow' is already defined in src\/pipeline_registry/);
    expect(existsSync(join(project.root, 'pipelines', 'slow.json'))).toBe(false);
    expect((await call('project.reload')).pipelines.map((p) => p.name)).toContain('slow');
  });
});
