import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ProjectError } from '../project/project-error';

export const STORE_CONFIG_FILE = join('conf', 'base', 'pipewright.yml');

export interface StoreConfig {
  /** The most bytes `.pipewright/objects/` keeps; the oldest objects go first beyond it. */
  maxBytes: number;
  /** An output larger than this is not kept (its fingerprint still is). */
  maxObjectBytes: number;
  /** Also keep the memory datasets a later `run --changed` may reload instead of recomputing. */
  keepMemory: boolean;
}

export const DEFAULT_STORE: StoreConfig = {
  maxBytes: 2 * 1024 ** 3,
  maxObjectBytes: 512 * 1024 ** 2,
  keepMemory: false,
};

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** `2GB`, `500 MB`, `1048576`: a size in bytes, or undefined when it is not one. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b)?\s*$/i.exec(value);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]);
}

/**
 * The output store's budget from conf/base/pipewright.yml:
 *
 *     objects:
 *       max_size: 2GB          # the whole store
 *       max_object_size: 512MB # one output
 *       keep_memory: true      # memory datasets too, for `run --changed` to reload (off by default)
 *
 * All optional; a bad value is an error naming the file and the key.
 */
export function readStoreConfig(root: string): StoreConfig {
  const file = join(root, STORE_CONFIG_FILE);
  if (!existsSync(file)) return DEFAULT_STORE;
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ProjectError(`${STORE_CONFIG_FILE} is not valid YAML: ${(err as Error).message}`);
  }
  const objects = (doc as { objects?: unknown } | null)?.objects;
  if (objects === undefined || objects === null) return DEFAULT_STORE;
  if (typeof objects !== 'object' || Array.isArray(objects))
    throw new ProjectError(
      `${STORE_CONFIG_FILE}: 'objects' must be a mapping (max_size, max_object_size, keep_memory).`,
    );
  const o = objects as Record<string, unknown>;
  const size = (key: string, fallback: number) => {
    if (o[key] === undefined) return fallback;
    const bytes = parseSize(o[key]);
    if (bytes === undefined)
      throw new ProjectError(
        `${STORE_CONFIG_FILE}: objects.${key} must be a size such as 2GB, 500MB or a number of bytes, got ${JSON.stringify(o[key])}.`,
      );
    return bytes;
  };
  for (const key of Object.keys(o)) {
    if (key !== 'max_size' && key !== 'max_object_size' && key !== 'keep_memory')
      throw new ProjectError(
        `${STORE_CONFIG_FILE}: unknown key objects.${key} (known: max_size, max_object_size, keep_memory).`,
      );
  }
  if (o.keep_memory !== undefined && typeof o.keep_memory !== 'boolean')
    throw new ProjectError(
      `${STORE_CONFIG_FILE}: objects.keep_memory must be true or false, got ${JSON.stringify(o.keep_memory)}.`,
    );
  const maxBytes = size('max_size', DEFAULT_STORE.maxBytes);
  return {
    maxBytes,
    maxObjectBytes: size('max_object_size', Math.min(DEFAULT_STORE.maxObjectBytes, maxBytes)),
    keepMemory: o.keep_memory === true,
  };
}
