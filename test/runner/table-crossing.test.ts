// Tables crossing real worker threads and processes, both ways: every column kind and table form
// comes back equal, a large table arrives intact, and a worker that dies mid-transfer leaves no
// shared file behind.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryDataset, ParallelRunner, ThreadRunner, type AbstractRunner } from '../../src-main/engine';
import { loadProject } from '../../src-main/project/load-project';
import { isTable, type Table } from '../../src-main/table';
import './helpers';

const TABLES = resolve(__dirname, '../fixtures/runner-projects/tables');

const runners: Array<[string, (isAsync: boolean) => AbstractRunner]> = [
  ['ThreadRunner', (isAsync) => new ThreadRunner({ maxWorkers: 2, isAsync })],
  ['ParallelRunner', (isAsync) => new ParallelRunner({ maxWorkers: 2, isAsync })],
];

async function run(make: () => AbstractRunner, pipeline: string) {
  const project = await loadProject(TABLES);
  return make().run(project.pipelines[pipeline], project.createCatalog(), {
    pipelineName: pipeline,
    project: project.ref(),
  });
}

/** A node of the fixture project, called here in the test's own process. */
async function call(pipeline: string, node: string, ...args: unknown[]): Promise<unknown> {
  const project = await loadProject(TABLES);
  const found = project.pipelines[pipeline].nodes.find((n) => n.name === node)!;
  return (found.func as (...a: unknown[]) => unknown)(...args);
}

/** The table's columns as plain arrays (the row order and the values, whatever holds them). */
const columnsOf = (t: Table) => Object.fromEntries(t.columnNames().map((c) => [c, t.array(c)]));

describe.each(runners)('tables crossing %s', (name, make) => {
  describe.each([false, true])('isAsync %s', (isAsync) => {
    it('every column kind and table form goes to a worker and comes back equal', async () => {
      const result = await run(() => make(isAsync), 'forms');
      const expected = (await call('forms', 'make_forms')) as Table[];
      const names = ['plain_out', 'arrow_out', 'shaped_out', 'viewed_out'];
      names.forEach((out, i) => {
        const got = result[out] as Table;
        expect(isTable(got), out).toBe(true);
        expect(got.columnNames(), out).toEqual(expected[i].columnNames());
        expect(columnsOf(got), out).toEqual(columnsOf(expected[i]));
      });
      const seen = result.forms_seen as {
        seen: Array<{ isTable: boolean; rows: number; dateIsDate: boolean | null }>;
        pid: number;
        isMainThread: boolean;
      };
      if (name === 'ParallelRunner') expect(seen.pid).not.toBe(process.pid);
      else expect(seen.isMainThread).toBe(false);
      expect(seen.seen).toEqual(
        expected.map((t) => ({
          isTable: true,
          rows: t.numRows(),
          dateIsDate: t.columnNames().includes('d') ? true : null,
        })),
      );
    });
  });

  it('an 80 MiB table crosses to a worker and back intact', async () => {
    const result = await run(() => make(false), 'huge');
    expect(result.huge_seen).toMatchObject({ bad: 0 });
    const back = result.huge_out as Table;
    expect(isTable(back)).toBe(true);
    const [, checked] = (await call('huge', 'check_huge', back)) as [Table, { bad: number; pid: number }];
    expect(checked).toEqual({ bad: 0, pid: process.pid, isMainThread: true });
  });
});

describe('a table the engine holds', () => {
  it('stays whole after it is sent to a worker thread, for the next consumer and for the catalog', async () => {
    const project = await loadProject(TABLES);
    const huge = (await call('huge', 'make_huge')) as Table;
    const catalog = project.createCatalog();
    catalog.add('huge', new MemoryDataset({ data: huge }));
    const pipeline = project.pipelines.huge.onlyNodes('check_huge');
    const runner = new ThreadRunner({ maxWorkers: 1 });
    const first = await runner.run(pipeline, catalog, { pipelineName: 'huge', project: project.ref() });
    const second = await runner.run(pipeline, catalog, { pipelineName: 'huge', project: project.ref() });
    expect(first.huge_seen).toMatchObject({ bad: 0, isMainThread: false });
    expect(second.huge_seen).toMatchObject({ bad: 0, isMainThread: false });
    const [, kept] = (await call('huge', 'check_huge', huge)) as [Table, { bad: number }];
    expect(kept.bad).toBe(0);
  });
});

describe.runIf(existsSync('/dev/shm'))('a worker process that dies mid-transfer', () => {
  it('leaves none of its shared files behind', async () => {
    const error = await run(() => new ParallelRunner({ maxWorkers: 1 }), 'dies').then(
      () => new Error('the run succeeded'),
      (e: Error) => e,
    );
    const pid = /worker process (\d+)/.exec(error.message)?.[1];
    expect(pid, error.message).toBeDefined();
    const left = readdirSync('/dev/shm').filter((f) => f.startsWith(`pipewright-${pid}-`));
    expect(left).toEqual([]);
  });
});
