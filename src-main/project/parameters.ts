import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { findUnsafeKey, isUnsafeKey, unsafeKeyMessage } from '../../src-shared/safe-keys';
import { readConfigGroup } from './config-files';
import { ProjectError } from './project-error';

type Params = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** `over` wins; mappings present on both sides merge key by key, anything else is replaced. */
export function deepMerge(base: Params, over: Params): Params {
  const out: Params = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // Callers check their input and name it; this is the last line, not the message.
    if (isUnsafeKey(key)) throw new ProjectError(`The parameter key '${key}' is not allowed.`);
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Params, value) : value;
  }
  return out;
}

/**
 * parameters.yml of base, then the environment, then runtime overrides, merged deeply (references
 * not yet resolved), with the file each top-level key comes from.
 */
export function loadParameters(
  root: string,
  baseDir: string,
  envDir: string,
  runtime: Params = {},
): { values: Params; sources: Record<string, string> } {
  const unsafe = findUnsafeKey(runtime);
  if (unsafe !== undefined) throw new ProjectError(unsafeKeyMessage(unsafe, "the run's parameters (--params)"));
  const base = readConfigGroup(root, baseDir, 'parameters');
  const env = readConfigGroup(root, envDir, 'parameters');
  const sources = {
    ...base.sources,
    ...env.sources,
    ...Object.fromEntries(Object.keys(runtime).map((k) => [k, '--params'])),
  };
  return { values: deepMerge(deepMerge(base.values, env.values), runtime), sources };
}

/**
 * `parameters` (the whole record) and `params:<key>` for every key, recursively with dots for
 * nested keys (`params:model.alpha`), as Kedro registers them. MemoryDataset copies on load, so a
 * node cannot change what another sees.
 */
export function parameterDatasets(params: Params): Record<string, MemoryDataset> {
  const out: Record<string, MemoryDataset> = { parameters: new MemoryDataset({ data: params }) };
  const walk = (prefix: string, value: unknown) => {
    out[`params:${prefix}`] = new MemoryDataset({ data: value });
    if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return out;
}
