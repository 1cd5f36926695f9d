import type { ProjectFunction, ValidationResult } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import { ServiceError } from './service-error';
import { buildPipelineFile, listProjectFunctions, writePipelineFile } from '../project';
import type { Project } from '../project/types';

type PipelineFile = ParsedArgs<'pipelines.validate'>['file'];

/** The editor's side: the project's functions, and checking and saving pipelines/<name>.json. */
export async function projectFunctions(project: Project): Promise<ProjectFunction[]> {
  const listed = await listProjectFunctions(project);
  return listed.map((f) => ({ ref: f.ref, name: f.name, file: f.ref.split('#')[0] ?? '', arity: f.params }));
}

/**
 * Builds the pipeline an editor's file describes, without saving it, with the project's own
 * builder: every problem is named with its node. (The file's shape was checked by the contract.)
 */
export async function checkEditorPipeline(project: Project, file: PipelineFile): Promise<ValidationResult> {
  const { issues } = await buildPipelineFile(project, file, 'the pipeline', { allIssues: true });
  return { ok: issues.length === 0, issues };
}

/** Builds the file once (each function imported once) and writes it when it builds. */
export async function savePipeline(project: Project, name: string, file: PipelineFile): Promise<string> {
  // Refused before writing: a file named like a registry pipeline would stop the project loading.
  const source = project.pipelineSources[name];
  if (name === '__default__' || (source !== undefined && source !== `pipelines/${name}.json`)) {
    throw new ServiceError(
      'usage',
      `A pipeline named '${name}' is already defined in ${source ?? 'the registry'}: choose another name.`,
    );
  }
  const check = await checkEditorPipeline(project, file);
  if (!check.ok) {
    throw new ServiceError(
      'usage',
      `Pipeline '${name}' was not saved: ${check.issues.map((i) => (i.node ? `${i.node}: ${i.message}` : i.message)).join('; ')}`,
    );
  }
  return writePipelineFile(project.root, name, file);
}
