import { parse as parseYamlScalar } from 'yaml';
import { isUnsafeKey, unsafeKeyMessage } from '../../src-shared/safe-keys';
import { UsageError } from '../services/usage-error';

/** Splits on commas outside square brackets, so `two([A,B]) -> [C]` stays whole; drops blanks. */
export function splitNames(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** `--params k=v,a.b=v`: values typed as YAML scalars (1 → number, true → boolean, empty → null). */
export function parseParams(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const result: Record<string, unknown> = {};
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq === -1) {
      throw new UsageError(`Invalid format of --params: item '${item}' must contain a key and a value separated by '='.`);
    }
    const key = item.slice(0, eq).trim();
    if (!key) throw new UsageError('Invalid format of --params: a parameter key cannot be an empty string.');
    if (key.split('.').some(isUnsafeKey)) throw new UsageError(unsafeKeyMessage(key, '--params'));
    const raw = item.slice(eq + 1).trim();
    let typed: unknown = raw;
    try {
      typed = raw === '' ? null : parseYamlScalar(raw);
    } catch {
      typed = raw;
    }
    if (typed !== null && typeof typed === 'object') typed = raw;
    setPath(result, key.split('.'), typed);
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = target;
  for (const part of path.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

/** `--load-versions ds:VERSION,ds2:VERSION`, split on each item's first colon. */
export function parseLoadVersions(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = item.indexOf(':');
    if (colon <= 0 || colon === item.length - 1) {
      throw new UsageError(`Expected --load-versions items of the form 'dataset:YYYY-MM-DDThh.mm.ss.sssZ', found '${item}' instead.`);
    }
    const version = item.slice(colon + 1);
    if (/[\\/]/.test(version) || version === '.' || version === '..') {
      throw new UsageError(`Version string '${version}' is not allowed: it must not contain path separators.`);
    }
    result[item.slice(0, colon)] = version;
  }
  return result;
}

export function parseMaxWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-workers must be a positive whole number, not '${value}'.`);
  return n;
}
