import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE_NAME, PIPELINE_NAME_RULE } from '../../src-shared/pipeline-name';
import { errorMessage } from '../engine/errors';
import { Node } from '../engine/node';
import { Pipeline } from '../engine/pipeline';
import { atomicWrite } from '../datasets/fs-atomic';
import { createModuleLoader, type ModuleLoader } from './module-loader';
import { ProjectError } from './project-error';
import type { PipelineFile } from './types';

// The schema (and zod) is loaded on first use: loading a project without pipeline files (a worker
// running registry pipelines, say) spares them.
type Schema = typeof import('../../src-shared/pipeline-file-schema').pipelineFileSchema;
let fileSchema: Schema | undefined;
async function schema(): Promise<Schema> {
  return (fileSchema ??= (await import('../../src-shared/pipeline-file-schema')).pipelineFileSchema);
}

/** pipelines/<name>.json files by pipeline name, sorted. */
export function pipelineFileNames(root: string): string[] {
  const dir = join(root, 'pipelines');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Reads and checks a pipeline file; errors name the file (and the line, for bad JSON). */
export async function readPipelineFile(root: string, name: string): Promise<PipelineFile> {
  const shown = `pipelines/${name}.json`;
  const text = readFileSync(join(root, shown), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProjectError(`Malformed JSON in ${shown}${jsonPosition(text, err)}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  return parsePipelineFile(json, shown);
}

/** Checks a pipeline file's shape with the API's own schema; the error names the file and the field. */
export async function parsePipelineFile(json: unknown, shown: string): Promise<PipelineFile> {
  const parsed = (await schema()).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(
      `${shown} is not a valid pipeline file: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  return parsed.data as PipelineFile;
}

export interface PipelineFileIssue {
  node?: string;
  message: string;
}

/**
 * Builds the Pipeline of a pipeline file, importing each function once. By default the first
 * problem throws, naming the file and the node; with `allIssues` every problem is collected
 * (the editor shows them all) and the pipeline is built only when there are none.
 */
export async function buildPipelineFile(
  loader: Pick<ModuleLoader, 'importExport'>,
  file: PipelineFile,
  shown: string,
  options: { allIssues?: boolean } = {},
): Promise<{ pipeline?: Pipeline; issues: PipelineFileIssue[] }> {
  const issues: PipelineFileIssue[] = [];
  const fail = (issue: PipelineFileIssue, cause?: unknown) => {
    if (!options.allIssues)
      throw new ProjectError(
        issue.node ? `${shown}, node '${issue.node}': ${issue.message}` : `${shown}: ${issue.message}`,
        { cause },
      );
    issues.push(issue);
  };
  const nodes: Node[] = [];
  for (const n of file.nodes) {
    let func: unknown;
    try {
      func = await loader.importExport(n.func);
    } catch (err) {
      fail({ node: n.name, message: errorMessage(err) }, err);
      continue;
    }
    if (typeof func !== 'function') {
      fail({ node: n.name, message: `'${n.func}' is not a function.` });
      continue;
    }
    try {
      nodes.push(
        new Node(func as (...args: unknown[]) => unknown, n.inputs, n.outputs, { name: n.name, tags: n.tags }),
      );
    } catch (err) {
      fail({ node: n.name, message: errorMessage(err) }, err);
    }
  }
  if (issues.length) return { issues };
  try {
    return { pipeline: new Pipeline(nodes), issues };
  } catch (err) {
    fail({ message: errorMessage(err) }, err);
    return { issues };
  }
}

export async function loadPipelineFiles(loader: ModuleLoader): Promise<Record<string, Pipeline>> {
  const out: Record<string, Pipeline> = {};
  for (const name of pipelineFileNames(loader.root)) {
    const shown = `pipelines/${name}.json`;
    out[name] = (await buildPipelineFile(loader, await readPipelineFile(loader.root, name), shown)).pipeline!;
  }
  return out;
}

/** Writes pipelines/<name>.json atomically; the caller has built it (see savePipelineFile). */
export function writePipelineFile(root: string, name: string, file: PipelineFile): string {
  if (!PIPELINE_NAME.test(name))
    throw new ProjectError(`'${name}' is not a valid pipeline name: ${PIPELINE_NAME_RULE}.`);
  const shown = `pipelines/${name}.json`;
  atomicWrite(join(root, shown), `${JSON.stringify(file, null, 2)}\n`);
  return shown;
}

/**
 * Checks and builds a pipeline file (its functions exist, no cycle, no duplicate output), then
 * writes pipelines/<name>.json atomically. Resolves to the built Pipeline.
 */
export async function savePipelineFile(root: string, name: string, file: PipelineFile): Promise<Pipeline> {
  if (!PIPELINE_NAME.test(name))
    throw new ProjectError(`'${name}' is not a valid pipeline name: ${PIPELINE_NAME_RULE}.`);
  const shown = `pipelines/${name}.json`;
  const checked = await parsePipelineFile(file, shown);
  const { pipeline } = await buildPipelineFile(createModuleLoader(root), checked, shown);
  writePipelineFile(root, name, checked);
  return pipeline!;
}

function jsonPosition(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(errorMessage(err));
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return `:${line}:${Number(m[1]) - before.lastIndexOf('\n')}`;
}
