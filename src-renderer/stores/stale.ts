import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { StaleNodes } from '../../src-shared/contract';
import { call } from '../api/client';
import { useRunStore } from './run';

// What `pipewright status` says of the shown pipeline, once asked: the run panel lists it, the
// graph marks stale functions and their details say why. A run that ends makes it out of date,
// so it is asked again then.
export const useStaleStore = defineStore('stale', () => {
  const result = ref<StaleNodes | null>(null);
  const reasons = ref<Record<string, string[]>>({});
  const error = ref('');
  const checking = ref(false);
  let pipeline: string | null = null;

  async function check(name: string): Promise<void> {
    pipeline = name;
    checking.value = true;
    error.value = '';
    try {
      const stale = await call('outputs.stale', { pipeline: name });
      result.value = stale;
      reasons.value = Object.fromEntries(stale.nodes.filter((n) => n.reasons.length).map((n) => [n.node, n.reasons]));
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      checking.value = false;
    }
  }
  function clear(): void {
    [result.value, reasons.value, error.value, pipeline] = [null, {}, '', null];
  }

  const run = useRunStore();
  watch(
    () => run.running,
    (now, before) => {
      if (before && !now && pipeline) check(pipeline).catch(() => undefined);
    },
  );

  return { result, reasons, error, checking, check, clear };
});
