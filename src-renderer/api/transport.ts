import type { Reply } from '../../src-shared/api-transport';
import type { AppEvent, CommandName } from '../../src-shared/contract';

/** How a command reaches the host. Replies stay data here; client.ts turns failures into exceptions. */
export interface Transport {
  readonly kind: 'electron' | 'http';
  invoke(name: CommandName, args: unknown): Promise<Reply<unknown>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}
