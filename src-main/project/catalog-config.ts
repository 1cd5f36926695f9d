import { readConfigGroup } from './config-files';
import { ProjectError } from './project-error';
import type { CatalogEntry } from './types';

export interface CatalogConfig {
  entries: Record<string, CatalogEntry>;
  /** Entry name → the catalog file that defines it (after the environment's overrides). */
  sources: Record<string, string>;
}

/**
 * catalog.yml of base with the environment's entries replacing base ones by name, `${...}`
 * references resolved by `resolve`. Names starting with `_` are YAML anchors, templates and values
 * for references, not datasets.
 */
export function loadCatalogConfig(
  root: string,
  baseDir: string,
  envDir: string,
  resolve: (entries: Record<string, unknown>, sources: Record<string, string>) => Record<string, unknown> = (e) => e,
): CatalogConfig {
  const base = readConfigGroup(root, baseDir, 'catalog');
  const env = readConfigGroup(root, envDir, 'catalog');
  const sources = { ...base.sources, ...env.sources };
  // References resolve before `_` names (anchors, `${_base}` values) are dropped.
  const merged = resolve({ ...base.values, ...env.values }, sources);
  const config: CatalogConfig = { entries: {}, sources: {} };
  for (const [name, entry] of Object.entries(merged)) {
    if (name.startsWith('_')) continue;
    config.entries[name] = validateEntry(name, entry, sources[name]);
    config.sources[name] = sources[name];
  }
  return config;
}

function validateEntry(name: string, entry: unknown, file: string): CatalogEntry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ProjectError(
      `Catalog entry '${name}' in ${file} is not a valid dataset configuration: expected a mapping with a 'type', got ${JSON.stringify(entry)}.\n` +
        'Hint: if this entry is meant for YAML anchors or variable interpolation, start its name with an underscore.',
    );
  }
  const type = (entry as Record<string, unknown>).type;
  if (type === undefined) {
    throw new ProjectError(
      `Catalog entry '${name}' in ${file} has no 'type': write the dataset's type, e.g. 'type: CSVDataset'.`,
    );
  }
  if (typeof type !== 'string' || !type) {
    throw new ProjectError(
      `Catalog entry '${name}' in ${file}: 'type' must be a type name such as CSVDataset, got ${JSON.stringify(type)}.`,
    );
  }
  if (name.split('@').length > 2) {
    throw new ProjectError(
      `Catalog entry '${name}' in ${file}: a name may hold at most one transcoding separator '@'.`,
    );
  }
  return entry as CatalogEntry;
}
