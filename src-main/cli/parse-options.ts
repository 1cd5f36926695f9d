import { isUnsafeKey, unsafeKeyMessage } from '../../src-shared/safe-keys';
import { runOptionsSchema, type RunOptionName, type RunOptions } from '../../src-shared/contract';
import { UsageError } from '../services/usage-error';

// yaml loads only for --params: every other command line starts without it.
const parseYamlScalar = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);

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
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq === -1) {
      throw new UsageError(
        `Invalid format of --params: item '${item}' must contain a key and a value separated by '='.`,
      );
    }
    const key = item.slice(0, eq).trim();
    if (!key) throw new UsageError('Invalid format of --params: a parameter key cannot be an empty string.');
    if (key.split('.').some(isUnsafeKey)) throw new UsageError(unsafeKeyMessage(key, '--params'));
    const raw = item.slice(eq + 1).trim();
    let typed: unknown;
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
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(':');
    if (colon <= 0 || colon === item.length - 1) {
      throw new UsageError(
        `Expected --load-versions items of the form 'dataset:YYYY-MM-DDThh.mm.ss.sssZ', found '${item}' instead.`,
      );
    }
    const version = item.slice(colon + 1);
    if (/[\\/]/.test(version) || version === '.' || version === '..') {
      throw new UsageError(`Version string '${version}' is not allowed: it must not contain path separators.`);
    }
    result[item.slice(0, colon)] = version;
  }
  return result;
}

/** Flags whose name is not the option's name in kebab case. */
const FLAG_NAMES: Partial<Record<RunOptionName, string>> = { isAsync: 'async' };
/** Value placeholders in `--help`, where the kind alone would say too little. */
const PLACEHOLDERS: Partial<Record<RunOptionName, string>> = {
  params: '<k=v,...>',
  loadVersions: '<ds:version,...>',
  fromInputs: '<datasets>',
  toOutputs: '<datasets>',
};
/** Options given as `k=v` items rather than the kind's default (`k:v` items would be `--load-versions`). */
const RECORD_PARSERS: Partial<Record<RunOptionName, (value: string) => Record<string, unknown> | undefined>> = {
  params: parseParams,
  loadVersions: parseLoadVersions,
};

type OptionKind = 'boolean' | 'number' | 'array' | 'record' | 'string';

export interface RunOptionFlag {
  key: RunOptionName;
  /** Commander's spec, such as `--max-workers <n>`. */
  spec: string;
  /** The property commander gives the value under (`--only-missing-outputs` → `onlyMissingOutputs`). */
  attribute: string;
  description: string;
  kind: OptionKind;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** One flag per key of the run request's schema, so `pipewright run` offers every option the API takes. */
export function runOptionFlags(): RunOptionFlag[] {
  return Object.entries(runOptionsSchema.shape).map(([key, schema]) => {
    const k = key as RunOptionName;
    let inner = schema.unwrap() as unknown as { def: { type: string; out?: unknown } };
    while (inner.def.type === 'pipe') inner = inner.def.out as typeof inner; // a checked schema (safeKeys) wraps the kind
    const kind = (
      ['boolean', 'number', 'array', 'record'].includes(inner.def.type) ? inner.def.type : 'string'
    ) as OptionKind;
    const flag = FLAG_NAMES[k] ?? kebab(key);
    const placeholder =
      PLACEHOLDERS[k] ?? { boolean: '', number: '<n>', array: '<names>', record: '<k=v,...>', string: '<name>' }[kind];
    return {
      key: k,
      spec: `--${flag}${placeholder ? ` ${placeholder}` : ''}`,
      attribute: camel(flag),
      description: schema.description ?? '',
      kind,
    };
  });
}

/** The run options given on the command line (absent flags stay absent), checked against the schema. */
export function runOptionsFromFlags(flags: Record<string, unknown>): RunOptions {
  const options: Record<string, unknown> = {};
  for (const f of runOptionFlags()) {
    const raw = flags[f.attribute];
    if (raw === undefined) continue;
    if (f.kind === 'boolean') options[f.key] = raw === true;
    else if (f.kind === 'array') options[f.key] = splitNames(String(raw));
    else if (f.kind === 'number') options[f.key] = parsePositive(String(raw), f.spec.split(' ')[0]);
    else if (f.kind === 'record') options[f.key] = (RECORD_PARSERS[f.key] ?? parseParams)(String(raw));
    else options[f.key] = String(raw);
  }
  const checked = runOptionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const flag = runOptionFlags().find((f) => f.key === issue.path[0]);
    throw new UsageError(`${flag ? flag.spec.split(' ')[0] : 'run'}: ${issue.message}.`);
  }
  return checked.data;
}

function parsePositive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, not '${value}'.`);
  return n;
}
