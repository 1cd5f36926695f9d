// A Server-Sent Events client for tests: fetch, reading `id:`/`data:` frames off the body as they arrive.
import type { AppEvent } from '../../src-shared/api-types';
import { decodeEventBatch } from '../../src-shared/event-wire';

export interface SseMessage {
  id?: string;
  /** The message's events (a batch, or one event sent alone). */
  events: AppEvent[];
  /** Its data as sent. */
  raw: string;
}

/** Opens `url` and collects its messages into `messages` until `close()`. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ res: Response; messages: SseMessage[]; close: () => void }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  if (res.ok) void readFrames(res, messages);
  return { res, messages, close: () => abort.abort() };
}

async function readFrames(res: Response, messages: SseMessage[]): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // A message of a megabyte comes in many chunks: look for its end in the new text only.
      const from = Math.max(0, buffer.length - 1);
      buffer += value;
      let end = buffer.indexOf('\n\n', from);
      for (; end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.find((l) => l.startsWith('data: '));
        if (!data) continue;
        const raw = data.slice(6);
        messages.push({ id: lines.find((l) => l.startsWith('id: '))?.slice(4), events: decodeEventBatch(raw), raw });
      }
    }
  } catch {
    // aborted
  }
}
