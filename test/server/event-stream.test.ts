import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../src-shared/api-types';
import type { RunEvent } from '../../src-shared/run-events';
import { EventStream, REPLAY_KEEP_CHARS } from '../../src-main/server/event-stream';
import { waitFor } from '../wait-for';
import { openSse } from './sse-client';

// The event stream over real HTTP. The batch timer is faked while events are published, so which
// events travel together does not depend on how fast this machine is.

let stream: EventStream;
let server: Server;
let origin: string;

beforeEach(async () => {
  stream = new EventStream();
  server = createServer((req, res) => stream.attach(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  vi.useRealTimers();
  stream.close();
  // The clients' aborted requests may leave their sockets open for a while: close() would wait.
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

/** The messages a client receives: each one's id and its events. */
const listen = () => openSse(origin);

const run = (event: RunEvent): AppEvent => ({ channel: 'run', runId: 'r1', event });
const types = (events: AppEvent[]) => events.map((e) => (e.channel === 'run' ? e.event.type : e.channel));

describe('the event stream', () => {
  it("sends a run's routine events together, and its end at once with those before it", async () => {
    const client = await listen();
    await waitFor('the client attached', () => (stream as unknown as { clients: Set<unknown> }).clients.size > 0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stream.publish(run({ type: 'node-start', at: 1, node: 'a', worker: 'main' }));
    stream.publish(run({ type: 'log', at: 2, level: 'info', message: 'Running node: a', node: 'a' }));
    vi.advanceTimersByTime(20); // a frame: the run's events wait longer than that
    stream.publish(
      run({
        type: 'node-end',
        at: 3,
        node: 'a',
        status: 'done',
        worker: 'main',
        timings: { loadMs: 0, computeMs: 1, saveMs: 0 },
      }),
    );
    stream.publish(run({ type: 'run-end', at: 4, status: 'success', freeOutputs: [] }));
    vi.useRealTimers(); // no batch timer fires from here on: what arrives was sent by publish itself
    await waitFor('the run-end', () => client.messages.some((m) => types(m.events).includes('run-end')));
    client.close();
    expect(client.messages.map((m) => types(m.events))).toEqual([['node-start', 'log', 'node-end', 'run-end']]);
  });

  it("sends a project's event at once, after the run events that waited before it", async () => {
    const client = await listen();
    await waitFor('the client attached', () => (stream as unknown as { clients: Set<unknown> }).clients.size > 0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stream.publish(run({ type: 'node-start', at: 1, node: 'a', worker: 'main' }));
    stream.publish({ channel: 'project', kind: 'changed', summary: null });
    vi.useRealTimers();
    await waitFor('the project event', () => client.messages.length > 0);
    client.close();
    expect(client.messages.map((m) => types(m.events))).toEqual([['node-start', 'project']]);
  });
});

describe("the stream's text", () => {
  it('gives the page (compact form) and a script (JSON arrays) every event as it was published', async () => {
    const page = await openSse(`${origin}/?form=compact`);
    const client = await listen();
    await waitFor(
      'the clients attached',
      () => (stream as unknown as { clients: Map<unknown, unknown> }).clients.size > 1,
    );
    const other = (event: RunEvent): AppEvent => ({ channel: 'run', runId: 'r2', event });
    const published: AppEvent[] = [
      run({ type: 'node-start', at: 1, node: 'a', worker: 'main' }),
      run({ type: 'log', at: 2, level: 'info', message: 'Loading data from d0', node: 'a', logger: 'pipewright.io' }),
      run({ type: 'log', at: 3, level: 'warning', message: 'no node', logger: 'pipewright.runner' }),
      run({ type: 'log', at: 4, level: 'error', message: 'node only', node: 'a' }),
      other({ type: 'log', at: 5, level: 'debug', message: 'another run' }),
      { channel: 'project', kind: 'changed', summary: null },
      // A field the wire's log form does not know travels with the event.
      run({ type: 'log', at: 6, level: 'info', message: 'extra', extra: 1 } as unknown as RunEvent),
      run({ type: 'run-end', at: 7, status: 'success', freeOutputs: ['d1'] }),
    ];
    for (const event of published) stream.publish(event);
    for (const c of [page, client])
      await waitFor('the run-end', () => c.messages.some((m) => types(m.events).includes('run-end')));
    page.close();
    client.close();
    expect(page.messages.flatMap((m) => m.events)).toEqual(published);
    expect(client.messages.flatMap((m) => m.events)).toEqual(published);
    // A script reads the documented form: each message a JSON array of AppEvents.
    expect(client.messages.every((m) => m.raw.startsWith('[{"channel":'))).toBe(true);
  });

  it("to the page, names a run once per message, not once per event (a run's 10,000 events are megabytes)", async () => {
    const res = await fetch(`${origin}/?form=compact`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await waitFor('the client attached', () => (stream as unknown as { clients: Set<unknown> }).clients.size > 0);
    for (let i = 0; i < 50; i++)
      stream.publish(run({ type: 'log', at: i, level: 'info', message: `line ${i}`, node: 'a', logger: 'l' }));
    stream.publish(run({ type: 'run-end', at: 50, status: 'success', freeOutputs: [] }));
    let text = '';
    while (!text.includes('run-end')) text += (await reader.read()).value;
    await reader.cancel();
    expect(text.split('"r1"').length - 1).toBe(1);
    expect(text).not.toContain('"channel"');
  });
});

describe('replay to a reconnecting page', () => {
  it("keeps the recent messages' text within a bound, however many events a batch holds", async () => {
    expect(REPLAY_KEEP_CHARS).toBeLessThan(50_000_000);
    // The same stream with a small bound, so that the test sends kilobytes, not megabytes.
    stream.close();
    stream = new EventStream(80_000);
    const first = await listen();
    await waitFor('the client attached', () => (stream as unknown as { clients: Set<unknown> }).clients.size > 0);
    // Sixteen batches of an eighth of the bound each: twice the bound.
    const line = 'x'.repeat(10_000);
    for (let i = 0; i < 16; i++) {
      stream.publish(run({ type: 'log', at: i, level: 'info', message: line }));
      stream.flush();
    }
    await waitFor('the first client got every message', () => first.messages.length === 16);
    first.close();
    const again = await openSse(`${origin}/?form=compact`, { 'last-event-id': first.messages[0].id! });
    await waitFor('the replay', () => again.messages.at(-1)?.id === first.messages[15].id);
    again.close();
    const replayed = again.messages.flatMap((m) => m.events).map((e) => (e.channel === 'run' ? e.event.at : -1));
    expect(replayed.length).toBeLessThanOrEqual(8);
    expect(replayed).toEqual(Array.from({ length: replayed.length }, (_, i) => 16 - replayed.length + i));
  });
});
