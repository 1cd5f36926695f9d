// The renderer's one way to the host, and the only reader of window.api. Stores import call/onEvent
// from here, so tests mock this one module.
import { ApiError, unwrap } from '../../src-shared/api-transport';
import type { AppEvent, CommandArgs, CommandName, CommandResult } from '../../src-shared/contract';
import type { PreloadApi } from '../../src-shared/api-transport';
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
}

export function transportKind(): Transport['kind'] {
  return current().kind;
}

/** Calls a command; a failed reply becomes an ApiError carrying the host's message. */
export async function call<K extends CommandName>(
  name: K,
  // `{} extends Args` asks whether every argument is optional, so the argument may be left out.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  ...args: {} extends CommandArgs<K> ? [CommandArgs<K>?] : [CommandArgs<K>]
): Promise<CommandResult<K>> {
  const reply = await current().invoke(name, args[0] ?? {});
  return unwrap(reply) as CommandResult<K>;
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  return current().subscribe(listener);
}
