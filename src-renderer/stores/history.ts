import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { RunComparison, RunDetail, RunSummary } from '../../src-shared/contract';
import type { RunStatus } from '../../src-shared/run-events';
import { call } from '../api/client';
import { reported } from './notify';

export interface HistoryFilter {
  pipeline: string;
  status: RunStatus | '';
}

export const useHistoryStore = defineStore('history', () => {
  const runs = shallowRef<RunSummary[]>([]);
  const filter = reactive<HistoryFilter>({ pipeline: '', status: '' });
  const detail = shallowRef<RunDetail | null>(null);
  const comparison = shallowRef<RunComparison | null>(null);
  const picked = ref<string[]>([]);
  const loading = ref(false);

  return { runs, filter, detail, comparison, picked, loading, hydrate, open, togglePick, compare, closeCompare };

  async function hydrate(): Promise<void> {
    loading.value = true;
    try {
      runs.value = await reported('Could not list past runs', () =>
        call('runs.list', { pipeline: filter.pipeline || undefined, status: filter.status || undefined, limit: 200 }),
      );
    } finally {
      loading.value = false;
    }
  }

  async function open(runId: string): Promise<void> {
    detail.value = await reported(`Could not read run ${runId}`, () => call('runs.get', { runId }));
  }

  function togglePick(runId: string): void {
    const has = picked.value.includes(runId);
    picked.value = has ? picked.value.filter((r) => r !== runId) : [...picked.value, runId].slice(-2);
  }

  async function compare(): Promise<void> {
    const [a, b] = picked.value;
    if (!a || !b) return;
    comparison.value = await reported('Could not compare the runs', () => call('runs.compare', { a, b }));
  }

  function closeCompare(): void {
    comparison.value = null;
  }
});
