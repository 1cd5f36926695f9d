// OmegaConf-style `${...}` references in config values, as Kedro's OmegaConfigLoader resolves them:
// `${a.b}` (another key of the same config), `${.sibling}`, `${globals:key[,default]}`,
// `${runtime_params:key[,default]}` and, in credentials only, `${oc.env:VAR[,default]}`.
import { parse as parseYamlScalar } from 'yaml';
import { isUnsafeKey, unsafeKeyMessage } from '../../src-shared/safe-keys';
import { ProjectError } from './project-error';

type Tree = Record<string, unknown>;

export interface ResolveScope {
  /** Which config this is, for messages: `parameters`, `catalog`, `credentials`, `globals`. */
  kind: string;
  /** Top-level key → the file it came from (or `--params`), for messages. */
  sources: Record<string, string>;
  /** Resolved globals (`${globals:key}`); undefined where the resolver is not offered (in globals.yml). */
  globals?: Tree;
  /** The files globals come from, for messages. */
  globalsFiles?: string;
  /** `--params` (`${runtime_params:key}`); undefined where the resolver is not offered. */
  runtimeParams?: Tree;
  /** Environment variables (`${oc.env:VAR}`), offered in credentials only. */
  env?: NodeJS.ProcessEnv;
}

const MISSING = Symbol('missing');
const hasRefs = (s: string) => s.includes('${');

/** `a.b[0].c` → ['a', 'b', '0', 'c']; refuses keys that reach a prototype. */
function keyPath(key: string, where: () => string): string[] {
  const parts = key
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  const unsafe = parts.find(isUnsafeKey);
  if (unsafe !== undefined) throw new ProjectError(unsafeKeyMessage(unsafe, where()));
  return parts;
}

function child(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(key) && Number(key) < value.length ? value[Number(key)] : MISSING;
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) return (value as Tree)[key];
  return MISSING;
}

const showPath = (path: string[]) => path.reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

/** Splits a string into literal text and `${...}` expressions (braces nest; `\${` stays literal). */
function tokens(text: string): Array<{ ref?: string; text: string }> {
  const out: Array<{ ref?: string; text: string }> = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('\\${', i)) {
      literal += '${';
      i += 2;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i];
      continue;
    }
    let depth = 0;
    let end = -1;
    for (let j = i + 2; j < text.length; j++) {
      if (text.startsWith('${', j)) depth++;
      else if (text[j] === '}') {
        if (depth === 0) {
          end = j;
          break;
        }
        depth--;
      }
    }
    if (end === -1) {
      literal += text.slice(i);
      break;
    }
    if (literal) out.push({ text: literal });
    literal = '';
    out.push({ ref: text.slice(i + 2, end), text: text.slice(i, end + 1) });
    i = end;
  }
  if (literal) out.push({ text: literal });
  return out;
}

/** Resolves every `${...}` of a config; errors name the file, the key and the reference. */
export function resolveConfig(config: Tree, scope: ResolveScope): Tree {
  const done = new Map<string, unknown>();
  const active: string[] = [];

  const where = (path: string[]) => `${scope.sources[path[0]] ?? scope.kind}, key '${showPath(path)}'`;

  const resolveAt = (path: string[], raw: unknown): unknown => {
    const id = JSON.stringify(path);
    if (done.has(id)) return done.get(id);
    if (active.includes(id)) {
      const chain = [...active.slice(active.indexOf(id)), id].map((p) => showPath(JSON.parse(p) as string[]));
      throw new ProjectError(`Circular reference in ${where(path)}: ${chain.join(' -> ')}.`);
    }
    active.push(id);
    try {
      const value = resolveValue(path, raw);
      done.set(id, value);
      return value;
    } finally {
      active.pop();
    }
  };

  const resolveValue = (path: string[], raw: unknown): unknown => {
    if (typeof raw === 'string') return hasRefs(raw) ? resolveString(path, raw) : raw;
    if (Array.isArray(raw)) return raw.map((v, i) => resolveAt([...path, String(i)], v));
    if (raw !== null && typeof raw === 'object') {
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, resolveAt([...path, k], v)]));
    }
    return raw;
  };

  const resolveString = (path: string[], raw: string): unknown => {
    const parts = tokens(raw);
    if (parts.length === 1 && parts[0].ref !== undefined) return evaluate(path, parts[0].ref, parts[0].text);
    return parts
      .map((p) => {
        if (p.ref === undefined) return p.text;
        const v = evaluate(path, p.ref, p.text);
        return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
      })
      .join('');
  };

  /** The value of a key of this config, walking through values that are references themselves. */
  const lookup = (from: string[], ref: string, shown: string): unknown => {
    const dots = /^\.*/.exec(ref)![0].length;
    const base = dots ? from.slice(0, Math.max(0, from.length - dots)) : [];
    const rel = keyPath(ref.slice(dots), () => where(from));
    const target = [...base, ...rel];
    let value: unknown = config;
    const walked: string[] = [];
    for (const key of target) {
      value = child(value, key);
      walked.push(key);
      if (value === MISSING) {
        throw new ProjectError(
          `Unknown reference ${shown} in ${where(from)}: the ${scope.kind} config has no key '${showPath(walked)}'.`,
        );
      }
      // Containers on the way are walked as written (one may be the container being resolved).
      if (typeof value === 'string' && hasRefs(value)) value = resolveAt([...walked], value);
    }
    return resolveAt(target, value);
  };

  const withDefault = (path: string[], args: string): { key: string; fallback: unknown } => {
    const comma = args.indexOf(',');
    if (comma === -1) return { key: args.trim(), fallback: MISSING };
    const text = args.slice(comma + 1).trim();
    let fallback: unknown;
    if (hasRefs(text)) fallback = resolveString(path, text);
    else {
      try {
        fallback = text === '' ? '' : parseYamlScalar(text);
      } catch {
        fallback = text;
      }
    }
    return { key: args.slice(0, comma).trim(), fallback };
  };

  const fromTree = (path: string[], tree: Tree, args: string, shown: string, what: string): unknown => {
    const { key, fallback } = withDefault(path, args);
    let value: unknown = tree;
    for (const part of keyPath(key, () => where(path))) value = value === MISSING ? MISSING : child(value, part);
    if (value !== MISSING) return value;
    if (fallback !== MISSING) return fallback;
    throw new ProjectError(
      `Unknown reference ${shown} in ${where(path)}: ${what} has no key '${key}' and the reference gives no default (write ${shown.slice(0, -1)},default}).`,
    );
  };

  const evaluate = (path: string[], expr: string, shown: string): unknown => {
    const resolver = /^([A-Za-z_][\w.]*):(.*)$/s.exec(expr);
    if (!resolver) return lookup(path, expr.trim(), shown);
    const [, name, args] = resolver;
    if (name === 'globals') {
      if (!scope.globals)
        throw new ProjectError(
          `${shown} in ${where(path)}: globals cannot refer to globals with 'globals:'; write \${key} instead.`,
        );
      return fromTree(path, scope.globals, args, shown, scope.globalsFiles ?? 'globals.yml');
    }
    if (name === 'runtime_params') {
      if (!scope.runtimeParams)
        throw new ProjectError(`${shown} in ${where(path)}: 'runtime_params:' cannot be used in ${scope.kind}.`);
      return fromTree(path, scope.runtimeParams, args, shown, '--params');
    }
    if (name === 'oc.env') {
      if (!scope.env)
        throw new ProjectError(
          `${shown} in ${where(path)}: 'oc.env:' reads environment variables in credentials.yml only.`,
        );
      const { key, fallback } = withDefault(path, args);
      const value = scope.env[key];
      if (value !== undefined) return value;
      if (fallback !== MISSING) return fallback;
      throw new ProjectError(
        `${shown} in ${where(path)}: the environment variable '${key}' is not set and the reference gives no default.`,
      );
    }
    throw new ProjectError(
      `Unsupported reference ${shown} in ${where(path)}: '${name}:' is not a resolver. Use \${key}, \${globals:key}, \${runtime_params:key} or, in credentials, \${oc.env:VAR}.`,
    );
  };

  return resolveAt([], config) as Tree;
}
