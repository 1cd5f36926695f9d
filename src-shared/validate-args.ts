import { z } from 'zod';
import type { ReplyError } from './api-transport';
import { commandSchemas, type CommandName, type ParsedArgs } from './contract';

export type ArgsCheck<K extends CommandName> = { ok: true; value: ParsedArgs<K> } | { ok: false; error: ReplyError };

/** Validates a command's arguments with its schema; a missing body counts as `{}`. */
export function parseArgs<K extends CommandName>(name: K, args: unknown): ArgsCheck<K> {
  const parsed = commandSchemas[name].safeParse(args ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedArgs<K> };
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(args)',
    message: i.message,
  }));
  return {
    ok: false,
    error: {
      code: 'invalid-args',
      message: `Invalid arguments for '${name}': ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
      issues,
    },
  };
}
