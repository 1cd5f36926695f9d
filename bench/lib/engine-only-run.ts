// The floor under `pipewright run`'s per-node figure: the same project loaded and its default
// pipeline run by SequentialRunner in a fresh process, with nothing listening (no log, no run
// history, no fingerprints, no thread). Run by cli-run.bench.ts through run-one.cjs; prints the
// milliseconds from before loading the project to the run's end.
import { SequentialRunner } from '../../src-main/engine';
import { loadProject } from '../../src-main/project/load-project';

export async function run([dir]: string[]): Promise<void> {
  const start = performance.now();
  const project = await loadProject(dir);
  await new SequentialRunner().run(project.pipelines.__default__, project.createCatalog());
  process.stdout.write(`${performance.now() - start}\n`);
}
