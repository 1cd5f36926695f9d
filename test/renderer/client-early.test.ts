// @vitest-environment happy-dom
// Replies asked for before the app loads (main.ts): served once to the matching call, never stale.
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/api-transport';
import type { AppEvent } from '../../src-shared/contract';
import { call, callEarly, onEvent, useTransport } from '../../src-renderer/api/client';

/** A host whose open project can change; it counts what it is asked. */
function host() {
  const state = { project: 'a' as string | null, asked: [] as string[], listeners: new Set<(e: AppEvent) => void>() };
  useTransport({
    kind: 'http',
    async invoke(name, args) {
      state.asked.push(name);
      if (name === 'project.open') state.project = (args as { root: string }).root;
      if (name !== 'pipelines.graph') return { ok: true, value: { project: state.project } } as Reply<unknown>;
      const { pipeline } = args as { pipeline: string };
      if (!state.project || pipeline === 'missing')
        return { ok: false, error: { code: 'no-project', message: 'No project is open' } };
      return { ok: true, value: { project: state.project, pipeline } };
    },
    subscribe(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
  });
  return state;
}

afterEach(() => useTransport(null));

describe('callEarly', () => {
  it('serves its reply to the first call with the same arguments, without asking again', async () => {
    const h = host();
    callEarly('pipelines.graph', { pipeline: '__default__' });
    callEarly('app.info', {});
    expect(h.asked).toEqual(['pipelines.graph', 'app.info']);
    await expect(call('app.info')).resolves.toEqual({ project: 'a' });
    await expect(call('pipelines.graph', { pipeline: '__default__' })).resolves.toEqual({
      project: 'a',
      pipeline: '__default__',
    });
    expect(h.asked).toEqual(['pipelines.graph', 'app.info']);
    // Once only: the next call asks the host.
    await call('pipelines.graph', { pipeline: '__default__' });
    expect(h.asked).toEqual(['pipelines.graph', 'app.info', 'pipelines.graph']);
  });

  it('asks again when the call has other arguments, or the early reply failed', async () => {
    const h = host();
    callEarly('pipelines.graph', { pipeline: '__default__' });
    await expect(call('pipelines.graph', { pipeline: 'other' })).resolves.toEqual({ project: 'a', pipeline: 'other' });
    expect(h.asked).toEqual(['pipelines.graph', 'pipelines.graph']);
    h.project = null;
    callEarly('pipelines.graph', { pipeline: '__default__' });
    h.project = 'b';
    await expect(call('pipelines.graph', { pipeline: '__default__' })).resolves.toEqual({
      project: 'b',
      pipeline: '__default__',
    });
    expect(h.asked).toHaveLength(4);
  });

  it('drops what it holds when a command or an event may have changed the project', async () => {
    const h = host();
    callEarly('pipelines.graph', { pipeline: '__default__' });
    await call('project.open', { root: 'b' });
    await expect(call('pipelines.graph', { pipeline: '__default__' })).resolves.toMatchObject({ project: 'b' });

    const seen: AppEvent[] = [];
    onEvent((e) => seen.push(e));
    callEarly('pipelines.graph', { pipeline: '__default__' });
    h.project = 'c';
    for (const l of h.listeners) l({ channel: 'project', kind: 'opened', summary: null });
    expect(seen).toHaveLength(1);
    await expect(call('pipelines.graph', { pipeline: '__default__' })).resolves.toMatchObject({ project: 'c' });
  });
});
