// The host's events to browsers as Server-Sent Events. EventSource reconnects by itself and sends
// the last id it saw; the recent events are kept so that a reconnecting page misses none. Events
// are sent in batches, one message per batch (an AppEventBatch as a JSON array; to the page, which
// asks for it, in src-shared/event-wire.ts's compact form): a run reports several events per node,
// and a page handling each as its own message falls behind (the pace: EventBatcher).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppEvent, AppEventBatch } from '../../src-shared/contract';
import { COMPACT_EVENTS_QUERY, decodeEventBatch, encodeEventBatch } from '../../src-shared/event-wire';
import { EventBatcher } from '../ipc/event-batcher';

const KEEP = 5000;
/**
 * The replayed messages' text is bounded too (in characters): a message is a batch, and a 1,000-node run's batches
 * hold about a megabyte of events, so 5,000 of them could hold gigabytes.
 */
export const REPLAY_KEEP_CHARS = 8_000_000;
const HEARTBEAT_MS = 25_000;

export class EventStream {
  /** Ids of an earlier server never match: a restarted server replays nothing it did not send. */
  private readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly recent: Array<{ seq: number; data: string }> = [];
  private recentChars = 0;
  /** Each client and whether it asked for the compact form (the page does; scripts get AppEvent arrays). */
  private readonly clients = new Map<ServerResponse, boolean>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly batches = new EventBatcher((batch) => this.send(batch));

  /** `replayChars`: the bound on the replayed messages' text (REPLAY_KEEP_CHARS). */
  constructor(private readonly replayChars = REPLAY_KEEP_CHARS) {
    // Comments keep proxies and sleeping laptops from closing an idle stream unnoticed.
    this.heartbeat = setInterval(() => this.clients.forEach((_, res) => res.write(': keep-alive\n\n')), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  publish(event: AppEvent): void {
    this.batches.push(event);
  }

  /** Sends the pending events as one message now. */
  flush(): void {
    this.batches.flush();
  }

  private send(batch: AppEventBatch): void {
    const item = { seq: ++this.seq, data: encodeEventBatch(batch) };
    this.recent.push(item);
    this.recentChars += item.data.length;
    while (this.recent.length > KEEP || (this.recent.length > 1 && this.recentChars > this.replayChars))
      this.recentChars -= this.recent.shift()!.data.length;
    let plain: string | undefined;
    for (const [res, compact] of this.clients)
      res.write(this.frame(item.seq, compact ? item.data : (plain ??= JSON.stringify(batch))));
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const compact = query.get(COMPACT_EVENTS_QUERY.name) === COMPACT_EVENTS_QUERY.value;
    const after = this.lastSeen(req.headers['last-event-id']);
    if (after !== undefined)
      for (const item of this.recent)
        if (item.seq > after)
          res.write(this.frame(item.seq, compact ? item.data : JSON.stringify(decodeEventBatch(item.data))));
    this.clients.set(res, compact);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  close(): void {
    this.flush();
    clearInterval(this.heartbeat);
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
  }

  private frame(seq: number, data: string): string {
    return `id: ${this.boot}-${seq}\ndata: ${data}\n\n`;
  }

  private lastSeen(header: string | string[] | undefined): number | undefined {
    const m = typeof header === 'string' ? /^([0-9a-f]+)-(\d+)$/.exec(header) : null;
    return m && m[1] === this.boot ? Number(m[2]) : undefined;
  }
}
