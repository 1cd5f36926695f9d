import type { AppEvent } from '../../src-shared/api-types';

export type Unsubscribe = () => void;

/** Fans the host's events out to every window or WebSocket; a failing listener never stops the others. */
export class EventHub {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  subscribe(listener: (event: AppEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('pipewright: an event listener failed', err);
      }
    }
  }
}
