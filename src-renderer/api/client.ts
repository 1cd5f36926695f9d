// The renderer's one way to the host, and the only reader of window.api. Stores import call/onEvent
// from here, so tests mock this one module.
import { ApiError, unwrap } from '../../src-shared/api-transport';
import type { AppEvent, CommandArgs, CommandName, CommandResult } from '../../src-shared/contract';
import type { PreloadApi, Reply } from '../../src-shared/api-transport';
import { electronTransport } from './electron-transport';
import { httpTransport } from './http-transport';
import type { Transport } from './transport';

export { ApiError };

let transport: Transport | null = null;

function pick(): Transport {
  const w = window as unknown as { api?: PreloadApi };
  if (w.api) return electronTransport(w.api);
  return httpTransport({ origin: window.location.origin });
}

function current(): Transport {
  return (transport ??= pick());
}

/** For tests and embedders: use this transport from now on. */
export function useTransport(t: Transport | null): void {
  transport = t;
  early.clear();
}

/** Replies asked for before the app was loaded, by command; each serves one call, then is gone. */
const early = new Map<string, { args: string; reply: Promise<Reply<unknown>> }>();
/** Commands that may change what an early reply said (the project, its pipelines). */
const CHANGING = new Set<string>(['project.open', 'project.pick', 'project.reload', 'pipelines.save']);

/**
 * Sends a command now, before the code that needs its reply has loaded: the first `call` of that
 * command takes the reply if it has the same arguments (and drops it otherwise). A failed reply is
 * not served (a guess may fail, e.g. a pipeline the project does not have: the call asks again),
 * and a command or a project event that may change the project drops every reply not taken yet.
 */
export function callEarly<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Reply<CommandResult<K>>> {
  const reply = current().invoke(name, args) as Promise<Reply<CommandResult<K>>>;
  early.set(name, { args: JSON.stringify(args ?? {}), reply });
  return reply;
}

function takeEarly(name: string, args: unknown): Promise<Reply<unknown>> | undefined {
  if (!early.size) return undefined;
  if (CHANGING.has(name)) early.clear();
  const got = early.get(name);
  if (!got) return undefined;
  early.delete(name);
  return got.args === JSON.stringify(args ?? {}) ? got.reply : undefined;
}

/** Calls a command; a failed reply becomes an ApiError carrying the host's message. */
export async function call<K extends CommandName>(
  name: K,
  // `{} extends Args` asks whether every argument is optional, so the argument may be left out.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  ...args: {} extends CommandArgs<K> ? [CommandArgs<K>?] : [CommandArgs<K>]
): Promise<CommandResult<K>> {
  const taken = takeEarly(name, args[0]);
  let reply = taken ? await taken : undefined;
  if (!reply?.ok) reply = await current().invoke(name, args[0] ?? {});
  return unwrap(reply) as CommandResult<K>;
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  return current().subscribe((event) => {
    if (event.channel === 'project') early.clear();
    listener(event);
  });
}
