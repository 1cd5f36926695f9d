import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DatasetInfo, DatasetPreview } from '../../src-shared/contract';
import { call } from '../api/client';
import { reported } from './notify';

/** Where the preview's data comes from: the catalog now, a version, a past run, or the last run's memory. */
export interface PreviewSource {
  version?: string;
  runId?: string;
  memory?: boolean;
}

export const useDatasetStore = defineStore('dataset', () => {
  const name = ref<string | null>(null);
  const info = shallowRef<DatasetInfo | null>(null);
  const preview = shallowRef<DatasetPreview | null>(null);
  const source = ref<PreviewSource>({});
  const loading = ref(false);
  let seq = 0;

  return { name, info, preview, source, loading, hydrate, setSource, close };

  async function hydrate(dataset: string, pipeline?: string, from: PreviewSource = {}): Promise<void> {
    const my = ++seq;
    name.value = dataset;
    source.value = from;
    info.value = preview.value = null;
    loading.value = true;
    try {
      const i = await reported(`Could not inspect '${dataset}'`, () =>
        call('datasets.inspect', { name: dataset, pipeline }),
      );
      if (my !== seq) return;
      info.value = i;
      await loadPreview(my);
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  async function setSource(from: PreviewSource): Promise<void> {
    source.value = from;
    const my = ++seq;
    loading.value = true;
    try {
      await loadPreview(my);
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  async function loadPreview(my: number): Promise<void> {
    if (!name.value || info.value?.kind === 'parameter') return;
    const dataset = name.value;
    const memory = source.value.memory ?? (info.value?.kind === 'memory' && info.value.inMemory);
    const p = await reported(`Could not preview '${dataset}'`, () =>
      call('datasets.preview', { name: dataset, ...source.value, memory: memory || undefined, limit: 500 }),
    );
    if (my === seq) preview.value = p;
  }

  function close(): void {
    seq++;
    name.value = null;
    info.value = preview.value = null;
  }
});
