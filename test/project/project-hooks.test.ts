import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src-main/project';
import { pipewright } from '../cli/cli-helpers';
import { rejection, writeProject } from './project-helpers';

const SETTINGS = `import { appendFileSync } from 'node:fs';
import type { Hooks } from 'pipewright';
const log = (line: string) => appendFileSync(process.env.PW_HOOK_LOG!, line + '\\n');
class RecordingHooks implements Hooks {
  beforePipelineRun({ runParams, pipeline }: any) { log('beforePipelineRun ' + runParams.pipelineName + ' ' + pipeline.nodes.length); }
  afterNodeRun({ node, outputs }: any) { log('afterNodeRun ' + node.name + ' ' + JSON.stringify(outputs)); }
  afterPipelineRun() { log('afterPipelineRun'); }
}
export const HOOKS: Hooks[] = [new RecordingHooks()];
`;

const project = (settings: string) =>
  writeProject({
    'conf/base/parameters.yml': 'start: 1\n',
    'src/settings.ts': settings,
    'src/pipeline_registry.ts':
      "import { node, pipeline } from 'pipewright';\nexport const registerPipelines = () => ({ p: pipeline([node((x: number) => x + 1, 'params:start', 'b', { name: 'inc' }), node((x: number) => x * 10, 'b', 'c', { name: 'times' })]) });\n",
  });

describe("src/settings.ts HOOKS, as Kedro's settings.py", () => {
  it.each([['SequentialRunner'], ['ThreadRunner']])(
    'a real CLI run with %s calls the project hooks',
    async (runner) => {
      const dir = project(SETTINGS);
      const logFile = join(dir, 'hooks.log');
      const res = await pipewright(['run', '--project', dir, '--runner', runner], { env: { PW_HOOK_LOG: logFile } });
      expect(res.stderr).not.toMatch(/Error/);
      expect(res.code).toBe(0);
      const lines = readFileSync(logFile, 'utf8').trim().split('\n');
      expect(lines).toEqual([
        'beforePipelineRun __default__ 2',
        'afterNodeRun inc {"b":2}',
        'afterNodeRun times {"c":20}',
        'afterPipelineRun',
      ]);
    },
  );

  it('the loaded project carries them; a project without settings has none', async () => {
    expect((await loadProject(project(SETTINGS))).hooks).toHaveLength(1);
    expect((await loadProject(writeProject({ 'conf/base/parameters.yml': 'a: 1\n' }))).hooks).toEqual([]);
  });

  it('a misspelt hook method is an error with the right name; HOOKS must be a list of objects', async () => {
    const typo = await rejection(loadProject(project('export const HOOKS = [{ afterNodeRan() {} }];\n')));
    expect(typo.message).toBe(
      "HOOKS[0] in src/settings.ts has a method 'afterNodeRan' that is not a hook: did you mean 'afterNodeRun'? Hooks: beforePipelineRun, afterPipelineRun, onPipelineError, beforeNodeRun, afterNodeRun, onNodeError, beforeDatasetLoaded, afterDatasetLoaded, beforeDatasetSaved, afterDatasetSaved.",
    );
    const notList = await rejection(loadProject(project('export const HOOKS = { afterNodeRun() {} };\n')));
    expect(notList.message).toContain('HOOKS in src/settings.ts must be a list of hook objects');
    const aClass = await rejection(loadProject(project('class H {}\nexport const HOOKS = [H];\n')));
    expect(aClass.message).toBe('HOOKS[0] in src/settings.ts is not a hook object (a class: write new MyHooks()).');
  });
});
