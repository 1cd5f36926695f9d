import { MemoryDataset } from '../engine/catalog/memory-dataset';
import type { Hooks } from '../engine/runner/hooks';

/** Keeps every memory dataset a node outputs, so the app can preview it after the run. */
export function memoryKeeper(kept: Map<string, unknown>): Hooks {
  return {
    afterNodeRun({ catalog, outputs }) {
      for (const [name, value] of Object.entries(outputs)) {
        if (!catalog.has(name) || catalog.getDataset(name) instanceof MemoryDataset) kept.set(name, value);
      }
    },
  };
}
