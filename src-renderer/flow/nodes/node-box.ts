import { computed, type ComputedRef } from 'vue';
import { useGraphStore } from '../../stores/graph';

/** What every box on the graph carries: a button, the graph's one roving tab stop, its emphasis. */
export function useNodeBox(id: () => string): ComputedRef<Record<string, unknown>> {
  const graph = useGraphStore();
  return computed(() => {
    const em = graph.emphasis[id()];
    return {
      role: 'button',
      tabindex: graph.tabStop[id()] ? 0 : -1,
      'aria-pressed': em === 'sel',
      class: em ? `em-${em}` : '',
    };
  });
}
