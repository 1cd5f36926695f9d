// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import JsonTree from '../../src-renderer/components/dataset/JsonTree.vue';
import AppHeader from '../../src-renderer/components/shell/AppHeader.vue';
import PreviewTable from '../../src-renderer/components/dataset/PreviewTable.vue';
import RunPanel from '../../src-renderer/components/run/RunPanel.vue';
import { call } from '../../src-renderer/api/client';
import { shortcutFor } from '../../src-renderer/composables/use-shortcuts';
import FunctionNode from '../../src-renderer/flow/nodes/FunctionNode.vue';
import { useProjectStore } from '../../src-renderer/stores/project';
import { useRunStore } from '../../src-renderer/stores/run';
import { chainGraph, summary } from './fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));

beforeEach(() => setActivePinia(createPinia()));

describe('RunPanel', () => {
  it('names every control as PRODUCT.md fixes them and lists the built-in and project runners', () => {
    useProjectStore().summary = summary();
    const w = mount(RunPanel);
    for (const name of ['Runner', 'Async', 'Max workers', 'Run', 'Cancel'])
      expect(w.find(`[aria-label="${name}"]`).exists()).toBe(true);
    const runners = w.findAll('select[aria-label="Runner"] option').map((o) => o.text());
    expect(runners).toEqual(['SequentialRunner', 'ThreadRunner', 'ParallelRunner', 'DryRunner']);
    expect(w.find('[aria-label="Cancel"]').attributes('disabled')).toBeDefined();
    for (const el of w.findAll('input, select, button')) {
      const named = el.attributes('aria-label') || el.element.closest('label') || el.text().trim();
      expect(named, el.html()).toBeTruthy();
    }
  });
});

describe('AppHeader', () => {
  it('shows a run that just started as starting, then its progress, timed from 0 ms however long the page was open before', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      useProjectStore().summary = summary();
      const w = mount(AppHeader, { props: { tab: 'graph' } });
      vi.setSystemTime(1_001_041); // the page was open a second before the click
      const run = useRunStore();
      vi.mocked(call).mockResolvedValueOnce({ runId: 'r1' });
      await run.start('__default__'); // the host said the run started; its run-start is on its way
      await nextTick();
      expect(w.get('[data-testid="progress"]').text()).toBe('starting');
      expect(w.get('[data-testid="elapsed"]').text()).toBe('0 ms');
      run.handle({
        channel: 'run',
        runId: 'r1',
        event: {
          type: 'run-start',
          runId: 'r1',
          at: Date.now(),
          pipeline: '__default__',
          runner: 'SequentialRunner',
          isAsync: false,
          maxWorkers: 1,
          nodes: ['a', 'b'],
        },
      });
      run.flushNow();
      await nextTick();
      expect(w.get('[data-testid="elapsed"]').text()).toBe('0 ms');
      expect(w.get('[data-testid="progress"]').text()).toBe('0 of 2 nodes');
      vi.advanceTimersByTime(500);
      await nextTick();
      expect(w.get('[data-testid="elapsed"]').text()).toBe('500 ms');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('FunctionNode', () => {
  it('shows the state as an icon and a word plus the duration, not colour alone', () => {
    const node = chainGraph().nodes[1];
    useRunStore().nodes.clean = { status: 'done', ms: 1500 };
    const w = mount(FunctionNode, { props: { id: node.id, data: { node } } });
    expect(w.classes()).toContain('st-done');
    expect(w.text()).toContain('✓ done · 1.5 s');
  });
});

describe('shortcuts', () => {
  const key = (init: KeyboardEventInit, target?: HTMLElement) => {
    const e = new KeyboardEvent('keydown', init);
    if (target) Object.defineProperty(e, 'target', { value: target });
    return shortcutFor(e);
  };
  it('maps run, cancel, fit view and search, and leaves typing alone', () => {
    expect(key({ key: 'Enter', ctrlKey: true })).toBe('run');
    expect(key({ key: 'Escape' })).toBe('cancel');
    expect(key({ key: 'f' })).toBe('fit');
    expect(key({ key: '!', shiftKey: true, code: 'Digit1' })).toBe('fit');
    expect(key({ key: 'k', ctrlKey: true })).toBe('search');
    expect(key({ key: '/' })).toBe('search');
    expect(key({ key: 'f' }, document.createElement('input'))).toBeNull();
  });
});

describe('dataset previews', () => {
  it('JsonTree collapses and expands', async () => {
    const w = mount(JsonTree, { props: { value: { a: { b: { c: [1, 2, 3] } } } } });
    const deep = () => w.findAll('button.jt-toggle');
    expect(deep().length).toBe(3);
    await deep()[0].trigger('click');
    expect(w.findAll('button.jt-toggle').length).toBe(1);
    expect(deep()[0].attributes('aria-expanded')).toBe('false');
  });

  it('PreviewTable shows column names, types and the row count', () => {
    const w = mount(PreviewTable, {
      props: {
        preview: {
          kind: 'table',
          dataset: 'companies',
          source: 'current',
          columns: [
            { name: 'id', type: 'number' },
            { name: 'name', type: 'string' },
          ],
          rowCount: 1200,
          offset: 0,
          rows: [
            [1, 'a'],
            [2, 'b'],
          ],
        },
      },
    });
    expect(w.text()).toContain('1,200 rows × 2 columns');
    expect(w.findAll('[role="columnheader"]').map((c) => c.text())).toEqual(['#', 'id number', 'name string']);
  });
});
