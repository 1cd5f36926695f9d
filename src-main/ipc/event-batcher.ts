// Gathers a host's pushed events and hands them over as batches, in order (the pace is the
// contract's, see RUN_EVENT_BATCH_MS). The Electron IPC and serve's event stream both send through one.
import { RUN_EVENT_BATCH_MS, type AppEvent, type AppEventBatch } from '../../src-shared/contract';

export class EventBatcher {
  private pending: AppEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (batch: AppEventBatch) => void,
    private readonly ms = RUN_EVENT_BATCH_MS,
  ) {}

  push(event: AppEvent): void {
    this.pending.push(event);
    if (event.channel !== 'run' || event.event.type === 'run-end') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.ms);
  }

  /** Sends what is pending now (also when the host closes, so the last events are not lost). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }
}
