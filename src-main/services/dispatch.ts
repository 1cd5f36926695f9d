// The one path every host takes from a raw request to a Reply: validate, call, turn errors into data.
import type { Reply, ReplyError } from '../../src-shared/api-transport';
import { parseArgs } from '../../src-shared/validate-args';
import { isCommandName, type CommandHandlers, type CommandName, type CommandResult } from '../../src-shared/contract';
import { PipewrightError } from '../engine/errors';
import { ServiceError } from './service-error';

export async function dispatch(handlers: CommandHandlers, name: string, rawArgs: unknown): Promise<Reply<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'unknown-command', message: `Unknown command '${name}'.` } };
  }
  const args = parseArgs(name, rawArgs);
  if (!args.ok) return args;
  try {
    const handler = handlers[name] as (a: unknown) => Promise<CommandResult<CommandName>>;
    return { ok: true, value: await handler(args.value) };
  } catch (error) {
    return { ok: false, error: toReplyError(error) };
  }
}

export function toReplyError(error: unknown): ReplyError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  // Engine and project errors are about the user's project: their message is the whole story.
  if (error instanceof PipewrightError) return { code: 'usage', message: error.message };
  const err = error instanceof Error ? error : new Error(String(error));
  return { code: 'internal', message: `${err.name}: ${err.message}`, stack: err.stack };
}
