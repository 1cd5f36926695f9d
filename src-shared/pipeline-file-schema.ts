// The one schema of a pipeline file, pipelines/<name>.json: the API checks the editor's files with
// it and the project checks the files on disk with it.
import { z } from 'zod';
import { findUnsafeKey, unsafeKeyMessage } from './safe-keys';

/**
 * Refuses `__proto__`, `constructor` and `prototype` anywhere in the value, before the schema
 * sees it (zod would drop a `__proto__` key silently instead of saying so).
 */
export function safeKeys<T extends z.ZodType>(schema: T, where: string): T {
  const checked = z.preprocess((value, ctx) => {
    const key = findUnsafeKey(value);
    if (key !== undefined) ctx.addIssue({ code: 'custom', input: value, message: unsafeKeyMessage(key, where) });
    return value;
  }, schema);
  // The pipe accepts what the schema accepts; callers keep the schema's own types.
  return checked as unknown as T;
}

const name = z.string().min(1).max(500);
const position = z.strictObject({ x: z.number(), y: z.number() });
const nodeIO = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.string()), z.null()]);

export const pipelineFileSchema = safeKeys(
  z.strictObject({
    nodes: z.array(
      z.strictObject({
        name,
        func: z.string().regex(/^[^#]+#[\w$]+$/, 'func must look like src/file.ts#exportName'),
        inputs: nodeIO,
        outputs: nodeIO,
        tags: z.array(z.string()).optional(),
        position: position.optional(),
      }),
    ),
  }),
  'the pipeline file',
);

/** A pipeline file after the schema: what the builder builds and the editor saves. */
export type PipelineFileData = z.output<typeof pipelineFileSchema>;
