import { loadCatalogConfig, type CatalogConfig } from './catalog-config';
import { readConfigGroup } from './config-files';
import { resolveConfig, type ResolveScope } from './interpolation';
import { loadParameters } from './parameters';
import { ProjectError } from './project-error';

type Tree = Record<string, unknown>;

/** Every config of a project, resolved as Kedro's OmegaConfigLoader would, for one environment. */
export interface ProjectConfig {
  catalog: CatalogConfig;
  parameters: Tree;
  /** credentials.yml by name. Never logged, never shown, never sent: only datasets receive them. */
  credentials: Tree;
  globals: Tree;
}

/** Reads one kind of config of base and the environment: env keys replace base keys by name. */
function readLayered(
  root: string,
  baseDir: string,
  envDir: string,
  kind: string,
): { values: Tree; sources: Record<string, string> } {
  const base = readConfigGroup(root, baseDir, kind);
  const env = readConfigGroup(root, envDir, kind);
  return { values: { ...base.values, ...env.values }, sources: { ...base.sources, ...env.sources } };
}

/**
 * globals.yml (resolved among themselves), then parameters (runtime overrides merged in before
 * references are resolved, as Kedro does), the catalog and credentials. References resolve over
 * the merged base and environment, so an environment can change a value that base refers to.
 */
export function loadProjectConfig(
  root: string,
  baseDir: string,
  envDir: string,
  runtimeParams: Tree = {},
): ProjectConfig {
  const g = readLayered(root, baseDir, envDir, 'globals');
  const globals = resolveConfig(g.values, { kind: 'globals', sources: g.sources });
  const globalsFiles = [...new Set(Object.values(g.sources))].join(' and ') || 'globals.yml (there is none)';
  const scope = (kind: string, sources: Record<string, string>): ResolveScope => ({
    kind,
    sources,
    globals,
    globalsFiles,
    runtimeParams,
  });

  const params = loadParameters(root, baseDir, envDir, runtimeParams);
  const parameters = resolveConfig(params.values, scope('parameters', params.sources));
  const catalog = loadCatalogConfig(root, baseDir, envDir, (entries, sources) =>
    resolveConfig(entries, scope('catalog', sources)),
  );

  const c = readLayered(root, baseDir, envDir, 'credentials');
  const credentials = resolveConfig(c.values, { ...scope('credentials', c.sources), env: process.env });
  return { catalog, parameters, credentials, globals };
}

/**
 * Kedro's `credentials: name` in a catalog entry (at any depth, so a partition's entry too): the
 * name is replaced by that credentials entry. Returns the entry and the secrets it now holds.
 */
export function withCredentials(entry: Tree, credentials: Tree, where: string): { entry: Tree; secrets: string[] } {
  const secrets: string[] = [];
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Tree = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'credentials' && typeof v === 'string') {
        if (!Object.hasOwn(credentials, v)) {
          const known = Object.keys(credentials).sort();
          throw new ProjectError(
            `Unable to find credentials '${v}' for ${where}: no credentials.yml of conf/base or the environment defines it` +
              `${known.length ? ` (defined: ${known.join(', ')})` : ''}.`,
          );
        }
        collectStrings(credentials[v], secrets);
        out[k] = structuredClone(credentials[v]);
      } else out[k] = walk(v);
    }
    return out;
  };
  return { entry: walk(entry) as Tree, secrets };
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string' && value) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, out));
  else if (typeof value === 'number') out.push(String(value));
}

/** A copy of a description with every secret replaced by `***`. */
export function redact(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const secret of secrets)
      if (s === secret || (secret.length >= 4 && s.includes(secret))) s = s.split(secret).join('***');
    return s;
  }
  if (typeof value === 'number' && secrets.includes(String(value))) return '***';
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets)]));
  return value;
}
