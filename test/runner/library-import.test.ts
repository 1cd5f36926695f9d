// The engine on its own has no way to start workers; the 'pipewright' module imported on its own
// (a script using the library, a project's runner outside the CLI) brings the Node launcher.
// Imported in order, in this file only: the launcher is module state.
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const BASIC = resolve(__dirname, '../fixtures/runner-projects/basic');

it('the engine alone: a pool runner fails its run with an error that says what to give it', async () => {
  const { DataCatalog, RunnerError, ThreadRunner, node, pipeline } = await import('../../src-main/engine');
  const catalog = new DataCatalog();
  catalog.addFeedDict({ a: 1 });
  const run = new ThreadRunner({ maxWorkers: 1 }).run(
    pipeline([node((x: number) => x + 1, 'a', 'b', { name: 'first' })]),
    catalog,
    {
      project: { root: BASIC },
    },
  );
  await expect(run).rejects.toThrow(RunnerError);
  await expect(run).rejects.toThrow(/ThreadRunner has no way to start workers/);
});

it("the 'pipewright' module alone: the same ThreadRunner runs a project's pipeline on worker threads", async () => {
  const lib = await import('../../src-main/project/pipewright-module');
  const { ThreadRunner } = await import('../../src-main/engine');
  expect(lib.ThreadRunner).toBe(ThreadRunner);
  const { loadProject } = await import('../../src-main/project/load-project');
  const project = await loadProject(BASIC);
  const catalog = project.createCatalog();
  catalog.addFeedDict({ a: 1 });
  const workers = new Set<string>();
  const result = await new ThreadRunner({ maxWorkers: 1 }).run(project.pipelines.chain, catalog, {
    pipelineName: 'chain',
    project: project.ref(),
    onEvent: (e) => void (e.type === 'node-start' && workers.add(e.worker)),
  });
  expect(result).toEqual({ d: 4 });
  expect([...workers]).toEqual([expect.stringMatching(/^thread-\d+$/)]);
});
