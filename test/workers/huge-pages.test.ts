// Worker processes ask glibc for transparent huge pages (large values fault 2 MiB pages, not
// 4 KiB ones), unless the user set GLIBC_TUNABLES, which they keep.
import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ParallelRunner } from '../../src-main/engine';
import { loadProject } from '../../src-main/project/load-project';
import '../runner/helpers';

const TABLES = resolve(__dirname, '../fixtures/runner-projects/tables');
const before = process.env.GLIBC_TUNABLES;

afterEach(() => {
  if (before === undefined) delete process.env.GLIBC_TUNABLES;
  else process.env.GLIBC_TUNABLES = before;
});

async function seen(): Promise<unknown> {
  const project = await loadProject(TABLES);
  const result = await new ParallelRunner({ maxWorkers: 1 }).run(project.pipelines.tunables, project.createCatalog(), {
    pipelineName: 'tunables',
    project: project.ref(),
  });
  return result.tunables_seen;
}

it.runIf(process.platform === 'linux')('a worker process starts with glibc asked for huge pages', async () => {
  delete process.env.GLIBC_TUNABLES;
  expect(await seen()).toBe('glibc.malloc.hugetlb=1');
});

it('a GLIBC_TUNABLES the user set reaches the worker process unchanged', async () => {
  process.env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=0';
  expect(await seen()).toBe('glibc.malloc.hugetlb=0');
});
