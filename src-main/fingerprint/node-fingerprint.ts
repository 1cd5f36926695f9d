import type { NodeFingerprintParts } from '../../src-shared/run-events';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Node } from '../engine/node';
import type { Pipeline } from '../engine/pipeline';
import { CodeFingerprints } from './code-fingerprint';
import { hashParts, hashPartsWith, type Hasher } from './hash';

export const isParameter = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

/** JSON with object keys sorted, so that equal values hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : typeof v === 'bigint'
        ? v.toString()
        : v,
  );
}

const sorted = (r: Record<string, string>) =>
  Object.keys(r)
    .sort()
    .flatMap((k) => [k, r[k]]);
const orderedParts = (parts: NodeFingerprintParts) => [
  parts.code,
  'params',
  ...sorted(parts.params),
  'inputs',
  ...sorted(parts.inputs),
];

/** A node's fingerprint from its parts, in a fixed order. */
export function combineParts(parts: NodeFingerprintParts): Promise<string> {
  return hashParts(orderedParts(parts));
}

/** `combineParts` with a hasher already loaded. */
export function combinePartsWith(hasher: Hasher, parts: NodeFingerprintParts): string {
  return hashPartsWith(hasher, orderedParts(parts));
}

/** A memory dataset's fingerprint: that of the node run that made it (its value is hashed only when asked). */
export const memoryFingerprint = (producerFingerprint: string, dataset: string): string =>
  `from:${producerFingerprint}:${dataset}`;

/** What the run's nodes are, apart from their inputs' data: their code and their parameters. */
export interface StaticFingerprints {
  code: Map<string, string>;
  /** Per node, the files of its code with their hashes, for saying which file a change is in. */
  codeFiles: Map<string, Record<string, string>>;
  params: Map<string, string>;
}

/** Hashes every node's code and every parameter the pipeline reads. */
export async function staticFingerprints(
  root: string,
  pipeline: Pipeline,
  catalog: DataCatalog,
): Promise<StaticFingerprints> {
  const codes = new CodeFingerprints(root);
  const code = new Map<string, string>();
  const codeFiles = new Map<string, Record<string, string>>();
  for (const node of pipeline.nodes) {
    code.set(node.name, await codes.of(node.func));
    codeFiles.set(node.name, await codes.filesOf(node.func));
  }
  const params = new Map<string, string>();
  for (const name of pipeline.allInputs()) {
    if (!isParameter(name) || !catalog.has(name)) continue;
    params.set(name, await hashParts([stableJson(await catalog.load(name))]));
  }
  return { code, codeFiles, params };
}

/** The parts of `node`'s fingerprint, given its inputs' fingerprints. */
export function nodeParts(
  node: Node,
  fixed: StaticFingerprints,
  inputFingerprint: (dataset: string) => string,
): NodeFingerprintParts {
  const params: Record<string, string> = {};
  const inputs: Record<string, string> = {};
  for (const name of node.inputs) {
    if (isParameter(name)) params[name] = fixed.params.get(name) ?? 'missing';
    else inputs[name] = inputFingerprint(name);
  }
  return { code: fixed.code.get(node.name) ?? 'unknown', codeFiles: fixed.codeFiles.get(node.name), params, inputs };
}
