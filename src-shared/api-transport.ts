// What both transports (the preload's IPC and serve's HTTP + WebSocket) share: the names of the
// channels, the reply envelope and the client object built from the names. Free of zod, so the
// sandboxed preload can bundle it; the hosts validate with validate-args.ts.
import type { AppEvent } from './api-types';
import { commandNames, type CommandName } from './command-names';
import type { CommandArgs, CommandResult } from './contract';

/** IPC: one channel per command, `ipcRenderer.invoke(commandChannel(name), args)`; pushes arrive on EVENT_CHANNEL. */
export const commandChannel = (name: string): string => `pipewright:${name}`;
export const EVENT_CHANNEL = 'pipewright:event';
/** HTTP: `POST ${API_PREFIX}<command>` with the JSON args; WebSocket at EVENTS_PATH. */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** The token goes in this header, or as `?token=` (the WebSocket, the page's URL). */
export const TOKEN_HEADER = 'x-pipewright-token';

export type ErrorCode = 'invalid-args' | 'unknown-command' | 'no-project' | 'not-found' | 'usage' | 'unauthorized' | 'internal';

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** The offending argument paths, for invalid-args. */
  issues?: Array<{ path: string; message: string }>;
  stack?: string;
}

/** Errors crossing a process are data; only the renderer's client turns them back into exceptions. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ReplyError };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ReplyError['issues'];

  constructor(error: ReplyError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

export function unwrap<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.value;
  throw new ApiError(reply.error);
}

type Domain = CommandName extends `${infer D}.${string}` ? D : never;
type Method<K, D extends string> = K extends `${D}.${infer M}` ? M : never;
type ArgsParam<K extends CommandName> = {} extends CommandArgs<K> ? [args?: CommandArgs<K>] : [args: CommandArgs<K>];

export type Invoke = <K extends CommandName>(name: K, args: CommandArgs<K> | undefined) => Promise<Reply<CommandResult<K>>>;

/** `api.runs.start({...})`: one method per command, grouped by domain, each resolving to a Reply. */
export type ClientApi = {
  [D in Domain]: {
    [K in CommandName as Method<K, D>]: (...args: ArgsParam<K>) => Promise<Reply<CommandResult<K>>>;
  };
};

export type EventListener = (event: AppEvent) => void;

export function buildClientApi(invoke: Invoke): ClientApi {
  const api: Record<string, Record<string, (args?: unknown) => unknown>> = {};
  for (const name of commandNames) {
    const [domain, method] = name.split('.') as [string, string];
    (api[domain] ??= {})[method] = (args?: unknown) => invoke(name, args as never);
  }
  return api as unknown as ClientApi;
}
