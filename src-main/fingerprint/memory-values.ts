import { serialize } from 'node:v8';
import { checkClonable } from '../datasets/clonable-check';
import { isEphemeral } from '../engine/catalog/abstract-dataset';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { hashParts } from './hash';

/**
 * Memory datasets outlive a run in the store, under the fingerprint of the node run that made
 * them: a later --changed run that skips that node reloads them instead of running it again.
 */
export const memoryKey = (producerFingerprint: string, dataset: string): Promise<string> =>
  hashParts(['memory', producerFingerprint, dataset]);

/** Where memory values are kept between runs. */
export interface ValueKeeper {
  /** The most bytes one value may take. */
  readonly maxBytes: number;
  /** Whether runs keep memory values at all (`objects.keep_memory`); they are still reloaded when kept. */
  readonly keepsMemory: boolean;
  keepValue(key: string, bytes: Uint8Array): Promise<void>;
  /** The value kept under `key`, or undefined when there is none (or it cannot be read back). */
  loadValue(key: string): Promise<{ value: unknown } | undefined>;
}

/** A dataset the run keeps in memory only (not declared, or declared as a MemoryDataset). */
export function isMemory(catalog: DataCatalog, name: string): boolean {
  return !catalog.has(name) || isEphemeral(catalog.getDataset(name));
}

/**
 * The value's bytes as the store keeps them, or undefined when it would not come back as it was
 * (a class instance, a function) or is larger than `maxBytes`.
 */
export function serialiseValue(value: unknown, maxBytes: number): Uint8Array | undefined {
  try {
    checkClonable(value, 'value');
    const bytes = serialize(value);
    return bytes.length <= maxBytes ? bytes : undefined;
  } catch {
    return undefined;
  }
}
