// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type PreloadApi } from '../../src-shared/api-transport';
import type { AppEvent } from '../../src-shared/contract';
import { electronTransport } from '../../src-renderer/api/electron-transport';
import { httpTransport } from '../../src-renderer/api/http-transport';
import { call, useTransport } from '../../src-renderer/api/client';
import { encodeEventBatch } from '../../src-shared/event-wire';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
}

describe('http transport', () => {
  it('posts JSON args to /api/<command> with the token header', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, value: { runId: 'r1' } }));
    const t = httpTransport({ origin: 'http://127.0.0.1:9', token: 'tok', fetch });
    const reply = await t.invoke('runs.start', { runner: 'ThreadRunner' });
    expect(reply).toEqual({ ok: true, value: { runId: 'r1' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/runs.start');
    expect((init.headers as Record<string, string>)['x-pipewright-token']).toBe('tok');
    expect(JSON.parse(init.body as string)).toEqual({ runner: 'ThreadRunner' });
  });

  it('keeps a host error as data, and turns a non-JSON failure into an error reply', async () => {
    const err = { ok: false, error: { code: 'usage', message: "Pipeline 'x' not found" } };
    const t1 = httpTransport({ origin: 'http://h', token: null, fetch: vi.fn(async () => jsonResponse(422, err)) });
    expect(await t1.invoke('pipelines.graph', { pipeline: 'x' })).toEqual(err);
    const t2 = httpTransport({
      origin: 'http://h',
      token: null,
      fetch: vi.fn(async () => jsonResponse(401, 'no token')),
    });
    expect(await t2.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'no token' },
    });
  });

  it('reports an unreachable server as an error reply', async () => {
    const t = httpTransport({
      origin: 'http://h',
      token: 'x',
      fetch: vi.fn(async () => Promise.reject(new Error('ECONNREFUSED'))),
    });
    expect(await t.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('ECONNREFUSED') },
    });
  });
});

describe('client', () => {
  it('unwraps values and throws ApiError with the host message', async () => {
    const invoke = vi.fn(async (name: string) =>
      name === 'app.info'
        ? { ok: true as const, value: { host: 'serve' } }
        : { ok: false as const, error: { code: 'not-found' as const, message: 'Run r9 not found' } },
    );
    useTransport({ kind: 'http', invoke, subscribe: () => () => {} });
    await expect(call('app.info')).resolves.toEqual({ host: 'serve' });
    await expect(call('runs.get', { runId: 'r9' })).rejects.toThrow(ApiError);
    await expect(call('runs.get', { runId: 'r9' })).rejects.toThrow('Run r9 not found');
    useTransport(null);
  });
});

describe('electron transport', () => {
  it("calls the preload's invoke(name, args) and returns its reply", async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: [] }));
    const api: PreloadApi = { invoke: invoke as unknown as PreloadApi['invoke'], onEvents: () => () => {} };
    expect(await electronTransport(api).invoke('runs.live', {})).toEqual({ ok: true, value: [] });
    expect(invoke).toHaveBeenCalledWith('runs.live', {});
  });

  it("subscribes through onEvents, hands a batch's events over one by one in order, and unsubscribes", () => {
    const off = vi.fn();
    let deliver: ((batch: AppEvent[]) => void) | undefined;
    const onEvents = vi.fn((listener: (batch: AppEvent[]) => void) => ((deliver = listener), off));
    const seen: AppEvent[] = [];
    const unsubscribe = electronTransport({
      invoke: vi.fn() as unknown as PreloadApi['invoke'],
      onEvents,
    }).subscribe((e) => seen.push(e));
    const batch: AppEvent[] = [
      { channel: 'project', kind: 'changed', summary: null },
      { channel: 'project', kind: 'reloaded', summary: null },
    ];
    deliver!(batch);
    expect(seen).toEqual(batch);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });
});

describe('http transport events', () => {
  class FakeEventSource {
    static last: FakeEventSource | undefined;
    onmessage: ((msg: { data: string }) => void) | null = null;
    closed = false;
    constructor(readonly url: string) {
      FakeEventSource.last = this;
    }
    close() {
      this.closed = true;
    }
  }

  it('listens on /api/events with EventSource, one connection for all listeners, closed by the last', () => {
    const t = httpTransport({
      origin: 'http://127.0.0.1:9',
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const a = vi.fn();
    const b = vi.fn();
    const offA = t.subscribe(a);
    const es = FakeEventSource.last!;
    const offB = t.subscribe(b);
    expect(FakeEventSource.last).toBe(es);
    expect(es.url).toBe('http://127.0.0.1:9/api/events?form=compact');
    es.onmessage!({ data: JSON.stringify({ channel: 'project', kind: 'changed', summary: null }) });
    es.onmessage!({ data: 'not json' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledWith({ channel: 'project', kind: 'changed', summary: null });
    offA();
    expect(es.closed).toBe(false);
    offB();
    expect(es.closed).toBe(true);
  });

  it("hands listeners a run's events as the server encoded them, each in order", () => {
    const t = httpTransport({
      origin: 'http://127.0.0.1:9',
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const seen: AppEvent[] = [];
    t.subscribe((e) => seen.push(e));
    const batch: AppEvent[] = [
      { channel: 'run', runId: 'r1', event: { type: 'node-start', at: 1, node: 'a', worker: 'main' } },
      {
        channel: 'run',
        runId: 'r1',
        event: { type: 'log', at: 2, level: 'info', message: 'Running node: a', node: 'a' },
      },
      { channel: 'run', runId: 'r1', event: { type: 'run-end', at: 3, status: 'success', freeOutputs: [] } },
    ];
    FakeEventSource.last!.onmessage!({ data: encodeEventBatch(batch) });
    expect(seen).toEqual(batch);
  });
});
