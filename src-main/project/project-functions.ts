import { filesUnder } from './files-under';
import { join, relative, sep } from 'node:path';
import type { Project, ProjectFunction } from './types';

const SOURCE = /\.(ts|js|mjs)$/;
/** Modules findPipelines() reads: their createPipeline() is not a node function. */
const PIPELINE_MODULE = /^src\/(?:pipelines\/[^/]+\/)?pipeline\.(ts|js|mjs)$/;

function sourceFiles(root: string): string[] {
  const keep = (f: string) => SOURCE.test(f) && !f.endsWith('.d.ts') && !/(^|\/)pipeline_registry\./.test(f);
  return filesUnder(join(root, 'src'), keep).map((f) => relative(root, f).split(sep).join('/'));
}

const isClass = (f: object) => /^class[\s{]/.test(Function.prototype.toString.call(f));

/**
 * Every exported function of src/**\/*.{ts,js,mjs} (the registry excluded), for the app's pipeline
 * editor. A module that fails to load is an error naming it: the user needs to fix it to use it.
 */
export async function listProjectFunctions(project: Project): Promise<ProjectFunction[]> {
  const out: ProjectFunction[] = [];
  for (const file of sourceFiles(project.root)) {
    const mod = await project.importModule(file);
    for (const [name, value] of Object.entries(mod)) {
      if (name === 'default' || typeof value !== 'function' || isClass(value)) continue;
      if (name === 'createPipeline' && PIPELINE_MODULE.test(file)) continue; // builds a pipeline, is not a node
      out.push({ ref: `${file}#${name}`, name, params: value.length });
    }
  }
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
