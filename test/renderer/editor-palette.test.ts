// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, it, vi } from 'vitest';
import EditorPalette from '../../src-renderer/components/editor/EditorPalette.vue';
import { useEditorStore } from '../../src-renderer/stores/editor';
import { useProjectStore } from '../../src-renderer/stores/project';
import { summary } from './fixtures';

vi.mock('../../src-renderer/api/client', () => ({ call: vi.fn(), onEvent: vi.fn(() => () => {}) }));

beforeEach(() => {
  setActivePinia(createPinia());
  useProjectStore().summary = summary();
});

it('names each palette button once: a function exported by two files names its file', async () => {
  useEditorStore().functions = [
    { ref: 'src/a.ts#clean', name: 'clean', file: 'src/a.ts', arity: 1 },
    { ref: 'src/b.ts#clean', name: 'clean', file: 'src/b.ts', arity: 1 },
    { ref: 'src/b.ts#train', name: 'train', file: 'src/b.ts', arity: 2 },
  ];
  const w = mount(EditorPalette);
  await w.vm.$nextTick();
  const labels = w.findAll('button').map((b) => b.attributes('aria-label'));
  expect(labels).toEqual(
    expect.arrayContaining([
      'Add function clean from src/a.ts',
      'Add function clean from src/b.ts',
      'Add function train',
    ]),
  );
  expect(new Set(labels).size).toBe(labels.length);
});
