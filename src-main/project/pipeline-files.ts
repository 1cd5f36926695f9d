import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../engine/errors';
import { Node } from '../engine/node';
import { Pipeline } from '../engine/pipeline';
import { atomicWrite } from '../datasets/fs-atomic';
import { createModuleLoader, type ModuleLoader } from './module-loader';
import { ProjectError } from './project-error';
import type { PipelineFile } from './types';

// zod is loaded, and the schema built, on first use: loading a project without pipeline files
// (a worker running registry pipelines, say) spares them.
function buildFileSchema() {
  const { z } = require('zod') as typeof import('zod');
  const io = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.string()), z.null()]);
  return z.object({
    nodes: z.array(
      z.object({
        name: z.string().min(1),
        func: z.string().regex(/^[^#]+#[^#]+$/, "a function reference such as 'src/nodes.ts#clean'"),
        inputs: io,
        outputs: io,
        tags: z.array(z.string()).optional(),
        position: z.object({ x: z.number(), y: z.number() }).optional(),
      }),
    ),
  });
}
let fileSchema: ReturnType<typeof buildFileSchema> | undefined;

const PIPELINE_NAME = /^[\w.-]+$/;

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
export function readPipelineFile(root: string, name: string): PipelineFile {
  const shown = `pipelines/${name}.json`;
  const text = readFileSync(join(root, shown), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProjectError(`Malformed JSON in ${shown}${jsonPosition(text, err)}: ${errorMessage(err)}`, { cause: err });
  }
  return validatePipelineFile(json, shown);
}

export function validatePipelineFile(json: unknown, shown: string): PipelineFile {
  fileSchema ??= buildFileSchema();
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(`${shown} is not a valid pipeline file: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data as PipelineFile;
}

/** Builds the Pipeline of a pipeline file; every error names the file and, where it applies, the node. */
export async function buildPipelineFile(loader: ModuleLoader, file: PipelineFile, shown: string): Promise<Pipeline> {
  const nodes: Node[] = [];
  for (const n of file.nodes) {
    const where = `${shown}, node '${n.name}'`;
    const func = await loader.importExport(n.func, where);
    if (typeof func !== 'function') throw new ProjectError(`${where}: '${n.func}' is not a function.`);
    try {
      nodes.push(new Node(func as (...args: unknown[]) => unknown, n.inputs, n.outputs, { name: n.name, tags: n.tags }));
    } catch (err) {
      throw new ProjectError(`${where}: ${errorMessage(err)}`, { cause: err });
    }
  }
  try {
    return new Pipeline(nodes);
  } catch (err) {
    throw new ProjectError(`${shown}: ${errorMessage(err)}`, { cause: err });
  }
}

export async function loadPipelineFiles(loader: ModuleLoader): Promise<Record<string, Pipeline>> {
  const out: Record<string, Pipeline> = {};
  for (const name of pipelineFileNames(loader.root)) {
    const shown = `pipelines/${name}.json`;
    out[name] = await buildPipelineFile(loader, readPipelineFile(loader.root, name), shown);
  }
  return out;
}

/**
 * Validates a pipeline from the app's editor (its functions exist, no cycle, no duplicate output)
 * and writes pipelines/<name>.json atomically. Resolves to the built Pipeline.
 */
export async function savePipelineFile(root: string, name: string, file: PipelineFile): Promise<Pipeline> {
  if (!PIPELINE_NAME.test(name)) {
    throw new ProjectError(`'${name}' is not a valid pipeline name: use letters, digits, '_', '-' and '.'.`);
  }
  const shown = `pipelines/${name}.json`;
  const checked = validatePipelineFile(file, shown);
  const pipeline = await buildPipelineFile(createModuleLoader(root), checked, shown);
  atomicWrite(join(root, shown), `${JSON.stringify(checked, null, 2)}\n`);
  return pipeline;
}

function jsonPosition(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(errorMessage(err));
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return `:${line}:${Number(m[1]) - before.lastIndexOf('\n')}`;
}
