// What both transports (the preload's IPC and serve's HTTP + Server-Sent Events) share: the names
// of the channels, the reply envelope and the preload's surface. Free of zod, so the
// sandboxed preload can bundle it; the hosts validate with validate-args.ts.
import type { AppEvent } from './api-types';
import type { CommandName } from './command-names';
import type { AppEventBatch, CommandArgs, CommandResult } from './contract';

/** IPC: one channel per command, `ipcRenderer.invoke(commandChannel(name), args)`; pushes arrive on EVENT_CHANNEL. */
export const commandChannel = (name: string): string => `pipewright:${name}`;
export const EVENT_CHANNEL = 'pipewright:event';
/** HTTP: `POST ${API_PREFIX}<command>` with the JSON args; Server-Sent Events at EVENTS_PATH. */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** The token goes in this header, or as `?token=`, or in the cookie serve sets for its page. */
export const TOKEN_HEADER = 'x-pipewright-token';

export type ErrorCode =
  'invalid-args' | 'unknown-command' | 'no-project' | 'not-found' | 'usage' | 'unauthorized' | 'internal';

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

export type Invoke = <K extends CommandName>(
  name: K,
  args: CommandArgs<K> | undefined,
) => Promise<Reply<CommandResult<K>>>;

export type EventListener = (event: AppEvent) => void;
/** The preload hands the page a frame's events in one call (one crossing of the context bridge). */
export type EventBatchListener = (batch: AppEventBatch) => void;

/** `window.api` in the Electron renderer: the preload's whole surface. */
export interface PreloadApi {
  invoke: Invoke;
  /** A frame's events at a time, as the main process sent them on EVENT_CHANNEL; returns an unsubscribe function. */
  onEvents(listener: EventBatchListener): () => void;
}
