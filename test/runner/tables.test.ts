import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParallelRunner, SequentialRunner, ThreadRunner, type AbstractRunner } from '../../src-main/engine';
import { loadProject } from '../../src-main/project/load-project';
import { isTable, type Table } from '../../src-main/table';

const TABLES = resolve(__dirname, '../fixtures/runner-projects/tables');

const EXPECTED = [
  { name: 'ada', score: 1.5, when: new Date('2024-01-02T03:04:05Z'), ok: true, double: 3 },
  { name: null, score: 3, when: new Date(0), ok: null, double: 6 },
  { name: 'cy', score: -4, when: new Date('1999-12-31T23:59:59.999Z'), ok: true, double: -8 },
];

const runners: Array<[string, () => AbstractRunner]> = [
  ['SequentialRunner', () => new SequentialRunner()],
  ['ThreadRunner', () => new ThreadRunner({ maxWorkers: 2 })],
  ['ParallelRunner', () => new ParallelRunner({ maxWorkers: 2 })],
];

describe.each(runners)('tables on %s', (name, make) => {
  it('a table a node returns reaches the next node as a table, methods working and contents equal', async () => {
    const project = await loadProject(TABLES);
    const result = await make().run(project.pipelines.tables, project.createCatalog(), {
      pipelineName: 'tables',
      project: project.ref(),
    });
    const seen = result.seen as { isTable: boolean; rows: number; kept: number; pid: number; isMainThread: boolean };
    expect(seen).toMatchObject({ isTable: true, rows: 4, kept: 2 });
    if (name === 'ParallelRunner') expect(seen.pid).not.toBe(process.pid);
    if (name === 'ThreadRunner') expect(seen.isMainThread).toBe(false);
    const derived = result.derived_out as Table;
    expect(isTable(derived)).toBe(true);
    expect(derived.objects()).toEqual(EXPECTED);
    expect(derived.filter((d: { ok: boolean | null }) => d.ok === true).numRows()).toBe(2);
    for (const saved of ['derived_xlsx', 'derived_parquet']) {
      const ds = project.createDataset(saved);
      expect(((await ds.load()) as Table).objects()).toEqual(EXPECTED);
      await ds.release();
    }
    expect(result.people_seen).toEqual({
      isTable: true,
      columns: ['name', 'age', 'joined', 'active'],
      rows: [
        { name: 'ada', age: 36, joined: '2024-01-02', active: true },
        { name: 'bob', age: null, joined: '2023-05-06', active: false },
        { name: null, age: 41, joined: null, active: null },
      ],
    });
  });

  it('a table of a few MiB reaches two consumers whole (a shared file between processes, a transfer between threads)', async () => {
    const project = await loadProject(TABLES);
    const result = await make().run(project.pipelines.big, project.createCatalog(), {
      pipelineName: 'big',
      project: project.ref(),
    });
    const n = 200_000;
    const tally = new Map<string | null, number>();
    for (let i = 0; i < n; i++) {
      const s = i % 5 ? `k${i % 3}` : null;
      tally.set(s, (tally.get(s) ?? 0) + 1);
    }
    const counts = [...tally].map(([s, count]) => ({ s, count }));
    for (const seen of [result.sum_a, result.sum_b] as Array<{ isTable: boolean; sum: number; counts: unknown[] }>) {
      expect(seen.isTable).toBe(true);
      expect(seen.sum).toBe(((n - 1) * n) / 2);
      expect(seen.counts).toHaveLength(4);
      expect(seen.counts).toEqual(expect.arrayContaining(counts));
    }
  });
});
