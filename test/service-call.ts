import type { Reply } from '../src-shared/api-transport';
import type { CommandName, CommandResult } from '../src-shared/contract';
import type { AppServices } from '../src-main/services/create-services';
import { dispatch } from '../src-main/services/dispatch';

/**
 * Calls the app's services as the renderer's client does, through `dispatch`: the reply's value,
 * or its error thrown with its code. `services` is read at each call (tests create them in `beforeAll`).
 */
export function serviceCaller(services: () => AppServices | undefined) {
  return async function call<K extends CommandName>(name: K, args?: unknown): Promise<CommandResult<K>> {
    const s = services();
    if (!s) throw new Error(`${name}: the services are not created yet`);
    const reply = (await dispatch(s.handlers, name, args)) as Reply<CommandResult<K>>;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value;
  };
}
