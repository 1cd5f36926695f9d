import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { declarationText } from '../../src-main/services/node-source';
import { collectRun, tempProject } from './helpers';
import { serviceCaller } from '../service-call';

let project: ReturnType<typeof tempProject>;
let services: AppServices;
const call = serviceCaller(() => services);

beforeAll(async () => {
  project = tempProject();
  // A node whose function is written inline in the registry, and one declared as a function.
  writeFileSync(
    join(project.root, 'src', 'extra.ts'),
    'export function twice(x: number): number {\n  // doubles\n  return x * 2;\n}\n',
  );
  writeFileSync(
    join(project.root, 'src', 'pipeline_registry.ts'),
    `import { node, pipeline } from 'pipewright';
import { clean, summarise } from './nodes';
import { twice } from './extra';

export function registerPipelines() {
  const main = pipeline([
    node(clean, ['companies', 'params:scale'], 'cleaned', { name: 'clean', tags: ['prep'] }),
    node(summarise, 'cleaned', 'summary', { name: 'summarise' }),
    node((s) => s.count, 'summary', 'n', { name: 'count_rows' }),
    node(twice, 'params:scale', 'doubled', { name: 'double' }),
  ]);
  return { __default__: main };
}
`,
  );
  services = createServices({ dataDir: project.dataDir, openHistory: openAppHistory });
  await call('project.open', { root: project.root });
});
afterAll(async () => {
  await services?.close();
  project?.cleanup();
});

it("shows an exported function's source as written, with its file and line", async () => {
  const detail = await call('nodes.detail', { node: 'clean' });
  expect(detail.source).toEqual({
    file: 'src/nodes.ts',
    line: 3,
    code: [
      'export const clean = (companies: Company[], scale: number) =>',
      '  companies.map((c) => ({ ...c, employees: Number(c.employees) * scale }));',
    ].join('\n'),
  });
  expect((await call('nodes.detail', { node: 'double' })).source).toEqual({
    file: 'src/extra.ts',
    line: 1,
    code: 'export function twice(x: number): number {\n  // doubles\n  return x * 2;\n}',
  });
});

it('finds a function written inline in the registry by its text', async () => {
  const detail = await call('nodes.detail', { node: 'count_rows' });
  expect(detail.source).toMatchObject({ file: 'src/pipeline_registry.ts', line: 9, code: '(s) => s.count' });
});

it('reports the last run of the node from the history', async () => {
  expect((await call('nodes.detail', { node: 'summarise' })).lastRun).toBeNull();
  let runId: string | undefined;
  const done = collectRun(services.onEvent, () => runId);
  runId = (await call('runs.start', {})).runId;
  await done;
  const { lastRun } = await call('nodes.detail', { node: 'summarise' });
  expect(lastRun).toMatchObject({ runId, status: 'done' });
  expect(lastRun!.durationMs).toBeGreaterThanOrEqual(0);
});

it('names a node that does not exist', async () => {
  await expect(call('nodes.detail', { node: 'nope' })).rejects.toThrow("No node 'nope' in pipeline '__default__'.");
});

it('ends a declaration at the end of its statement, brackets and strings included', () => {
  const text =
    "const a = 1;\nexport const f = (x: string) =>\n  x\n    .split('}')\n    .join(\n      ')',\n    );\nconst b = 2;\n";
  expect(declarationText(text, 1)).toBe(
    "export const f = (x: string) =>\n  x\n    .split('}')\n    .join(\n      ')',\n    );",
  );
});
