import type { ProjectFunction, ValidationIssue, ValidationResult } from '../../src-shared/api-types';
import type { ParsedArgs } from '../../src-shared/contract';
import { errorMessage } from '../engine/errors';
import { Node } from '../engine/node';
import { Pipeline } from '../engine/pipeline';
import { ServiceError } from './service-error';
import { listProjectFunctions, savePipelineFile } from '../project';
import type { Project } from '../project/types';

type PipelineFile = ParsedArgs<'pipelines.validate'>['file'];

/** The editor's side: the project's functions, and checking and saving pipelines/<name>.json. */
export async function projectFunctions(project: Project): Promise<ProjectFunction[]> {
  const listed = await listProjectFunctions(project);
  return listed.map((f) => ({ ref: f.ref, name: f.name, file: f.ref.split('#')[0] ?? '', arity: f.params }));
}

/** Builds the pipeline the file describes, without saving it: every problem is named with its node. */
export async function validatePipelineFile(project: Project, file: PipelineFile): Promise<ValidationResult> {
  const issues: ValidationIssue[] = [];
  const nodes: Node[] = [];
  for (const entry of file.nodes) {
    let fn: unknown;
    try {
      fn = await project.importExport(entry.func);
    } catch (err) {
      issues.push({ node: entry.name, message: `Cannot load '${entry.func}': ${errorMessage(err)}` });
      continue;
    }
    if (typeof fn !== 'function') {
      issues.push({ node: entry.name, message: `'${entry.func}' is not a function.` });
      continue;
    }
    try {
      nodes.push(new Node(fn as (...a: unknown[]) => unknown, entry.inputs, entry.outputs, { name: entry.name, tags: entry.tags }));
    } catch (err) {
      issues.push({ node: entry.name, message: errorMessage(err) });
    }
  }
  if (!issues.length) {
    try {
      new Pipeline(nodes);
    } catch (err) {
      issues.push({ message: errorMessage(err) });
    }
  }
  return { ok: issues.length === 0, issues };
}

export async function savePipeline(project: Project, name: string, file: PipelineFile): Promise<string> {
  // Refused before writing: a file named like a registry pipeline would stop the project loading.
  const source = project.pipelineSources[name];
  if (name === '__default__' || (source !== undefined && source !== `pipelines/${name}.json`)) {
    throw new ServiceError('usage', `A pipeline named '${name}' is already defined in ${source ?? 'the registry'}: choose another name.`);
  }
  await savePipelineFile(project.root, name, file);
  return `pipelines/${name}.json`;
}

export type SaveArgs = ParsedArgs<'pipelines.save'>;
