import type { NodeFingerprintParts } from '../../src-shared/run-events';
import type { DataCatalog } from '../engine/catalog/data-catalog';
import type { Node } from '../engine/node';
import type { Pipeline } from '../engine/pipeline';
import { CodeFingerprints } from './code-fingerprint';
import { framed, getHasher, hashParts, type Hasher } from './hash';

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

/** A record's entries framed in key order (no sort for the usual one entry). */
function framedEntries(record: Record<string, string>): string {
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '';
  for (const key of keys) text += framed(key) + framed(record[key]);
  return text;
}

/** The text `combineParts` hashes: the parts in a fixed order, each framed as `hashParts` frames it. */
function partsText(parts: NodeFingerprintParts): string {
  return `${framed(parts.code)}6:params${framedEntries(parts.params)}6:inputs${framedEntries(parts.inputs)}`;
}

/**
 * A node's inputs record (keyed by dataset names), made without a prototype: V8 keeps such an
 * object as a dictionary, where a plain one would get a new hidden class for each name it is
 * first given (a run of a thousand nodes names a thousand inputs). Params stay plain objects: a
 * pipeline has few parameter names, and most nodes none.
 */
const nameRecord = (): Record<string, string> => Object.create(null) as Record<string, string>;

/** A node's fingerprint from its parts, in a fixed order. */
export async function combineParts(parts: NodeFingerprintParts): Promise<string> {
  return combinePartsWith(await getHasher(), parts);
}

/** `combineParts` with a hasher already loaded. */
export function combinePartsWith(hasher: Hasher, parts: NodeFingerprintParts): string {
  return hasher.h64ToString(partsText(parts));
}

/** A memory dataset's fingerprint: that of the node run that made it (its value is hashed only when asked). */
export const memoryFingerprint = (producerFingerprint: string, dataset: string): string =>
  `from:${producerFingerprint}:${dataset}`;

/** What the run's nodes are, apart from their inputs' data: their code and their parameters. */
export interface StaticFingerprints {
  code: Map<string, string>;
  /** Per node, the files of its code with their hashes, for saying which file a change is in (none: no entry). */
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
  const params = new Map<string, string>();
  // Many nodes may share one function: its code is hashed once, and its files' record shared.
  const byFunction = new Map<unknown, { hash: string; files: Record<string, string> | undefined }>();
  for (const node of pipeline.nodes) {
    let known = byFunction.get(node.func);
    if (!known) {
      const files = await codes.filesOf(node.func);
      known = { hash: await codes.of(node.func), files: Object.keys(files).length ? files : undefined };
      byFunction.set(node.func, known);
    }
    code.set(node.name, known.hash);
    if (known.files) codeFiles.set(node.name, known.files);
    for (const name of node.inputs)
      if (isParameter(name) && !params.has(name) && catalog.has(name))
        params.set(name, await hashParts([stableJson(await catalog.load(name))]));
  }
  return { code, codeFiles, params };
}

/**
 * The parts of `node`'s fingerprint, given its inputs' fingerprints; undefined as soon as
 * `inputFingerprint` has none for an input (not known yet).
 */
export function nodeParts(
  node: Node,
  fixed: StaticFingerprints,
  inputFingerprint: (dataset: string) => string,
): NodeFingerprintParts;
export function nodeParts(
  node: Node,
  fixed: StaticFingerprints,
  inputFingerprint: (dataset: string) => string | undefined,
): NodeFingerprintParts | undefined;
export function nodeParts(
  node: Node,
  fixed: StaticFingerprints,
  inputFingerprint: (dataset: string) => string | undefined,
): NodeFingerprintParts | undefined {
  const params: Record<string, string> = {};
  const inputs = nameRecord();
  for (const name of node.inputs) {
    if (isParameter(name)) params[name] = fixed.params.get(name) ?? 'missing';
    else {
      const fingerprint = inputFingerprint(name);
      if (fingerprint === undefined) return undefined;
      inputs[name] = fingerprint;
    }
  }
  const code = fixed.code.get(node.name) ?? 'unknown';
  const codeFiles = fixed.codeFiles.get(node.name);
  return codeFiles ? { code, codeFiles, params, inputs } : { code, params, inputs };
}
