// The editor's document and its rules, as pure functions: the store keeps a stack of these
// documents for undo/redo, the canvas draws them, and the tests exercise them without a DOM.
// Every command returns a new document (or the reason it refused), never mutates one.

export interface XY {
  x: number;
  y: number;
}

export interface FunctionDocNode {
  id: string;
  kind: 'function';
  /** The node's name in the pipeline: unique among function nodes. */
  name: string;
  /** `src/file.ts#export` */
  func: string;
  /** The exported function's name, shown under the node name. */
  fnName: string;
  /** One input handle per argument: `in-0` … `in-(n-1)`. */
  inputCount: number;
  /** Keyword-style inputs (one object argument): the key of each input handle, in order. */
  inputKeys?: string[];
  /** Keyword-style outputs (the function returns an object): output dataset id → its key. */
  outputKeys?: Record<string, string>;
  tags: string[];
  position: XY;
}

export interface DatasetDocNode {
  id: string;
  kind: 'dataset';
  /** The dataset name: unique among dataset nodes. `params:x` and `parameters` are parameters. */
  name: string;
  datasetType: string;
  position: XY;
}

export type DocNode = FunctionDocNode | DatasetDocNode;

/** Always stored as output side → input side: dataset `out` → function `in-i`, function `out` → dataset `in`. */
export interface DocEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface EditorDoc {
  /** The pipeline name the file is saved under. */
  name: string;
  nodes: DocNode[];
  edges: DocEdge[];
  /** Next id number: ids never change on rename, and never come back after a delete. */
  seq: number;
}

export interface ConnectionLike {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export interface Oriented {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export type Result = { doc: EditorDoc } | { error: string };

export const OUT = 'out';
export const DS_IN = 'in';
export const inHandle = (i: number): string => `in-${i}`;
export const isInputHandle = (h: string | null | undefined): boolean => h === DS_IN || Boolean(h?.startsWith('in-'));
export const handleIndex = (h: string): number => Number(h.slice(3));
export const argName = (i: number): string => `arg${i + 1}`;
/** What an input handle is called: its key for keyword-style inputs, else its position. */
export const inputLabel = (fn: Pick<FunctionDocNode, 'inputKeys'>, i: number): string =>
  fn.inputKeys?.[i] ?? argName(i);
export const isParameter = (name: string): boolean => name === 'parameters' || name.startsWith('params:');
export { PIPELINE_NAME } from '../../../src-shared/pipeline-name';

export function emptyDoc(name = 'new_pipeline'): EditorDoc {
  return { name, nodes: [], edges: [], seq: 1 };
}

const clone = (doc: EditorDoc): EditorDoc => ({
  ...doc,
  nodes: doc.nodes.map((n) => ({ ...n, position: { ...n.position } })),
  edges: doc.edges.map((e) => ({ ...e })),
});

export function nodeById(doc: EditorDoc, id: string): DocNode | undefined {
  return doc.nodes.find((n) => n.id === id);
}

export function datasetByName(doc: EditorDoc, name: string): DatasetDocNode | undefined {
  return doc.nodes.find((n): n is DatasetDocNode => n.kind === 'dataset' && n.name === name);
}

/** `base`, then `base_2`, `base_3`…: the first name no function node has. */
export function uniqueNodeName(doc: EditorDoc, base: string): string {
  const taken = new Set(doc.nodes.filter((n) => n.kind === 'function').map((n) => n.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addFunction(
  doc: EditorDoc,
  fn: { ref: string; name: string; arity: number },
  position: XY,
): Result & { id?: string } {
  const next = clone(doc);
  const id = `f${next.seq++}`;
  next.nodes.push({
    id,
    kind: 'function',
    name: uniqueNodeName(doc, fn.name),
    func: fn.ref,
    fnName: fn.name,
    inputCount: Math.max(0, fn.arity),
    tags: [],
    position: { ...position },
  });
  return { doc: next, id };
}

export function addDataset(doc: EditorDoc, name: string, datasetType: string, position: XY): Result & { id?: string } {
  const trimmed = name.trim();
  const problem = datasetNameProblem(doc, trimmed);
  if (problem) return { error: problem };
  const next = clone(doc);
  const id = `d${next.seq++}`;
  next.nodes.push({ id, kind: 'dataset', name: trimmed, datasetType, position: { ...position } });
  return { doc: next, id };
}

function datasetNameProblem(doc: EditorDoc, name: string, except?: string): string | null {
  if (!name) return 'A dataset needs a name.';
  if (/\s/.test(name)) return `'${name}' has spaces: dataset names are single words such as 'model_input'.`;
  const other = datasetByName(doc, name);
  if (other && other.id !== except)
    return `Dataset '${name}' is already on the canvas: a dataset appears once; connect to it instead.`;
  return null;
}

export function removeElements(doc: EditorDoc, ids: readonly string[]): Result {
  const drop = new Set(ids);
  if (!doc.nodes.some((n) => drop.has(n.id)) && !doc.edges.some((e) => drop.has(e.id)))
    return { error: 'Nothing selected to delete.' };
  const next = clone(doc);
  next.nodes = next.nodes.filter((n) => !drop.has(n.id));
  next.edges = next.edges.filter((e) => !drop.has(e.id) && !drop.has(e.source) && !drop.has(e.target));
  return { doc: next };
}

export function moveNodes(doc: EditorDoc, positions: Record<string, XY>): Result {
  const moved = doc.nodes.filter(
    (n) => positions[n.id] && (positions[n.id].x !== n.position.x || positions[n.id].y !== n.position.y),
  );
  if (!moved.length) return { error: '' };
  const next = clone(doc);
  for (const n of next.nodes)
    if (positions[n.id]) n.position = { x: Math.round(positions[n.id].x), y: Math.round(positions[n.id].y) };
  return { doc: next };
}

export function renameNode(doc: EditorDoc, id: string, name: string): Result {
  const node = nodeById(doc, id);
  if (!node) return { error: 'That node is gone.' };
  const trimmed = name.trim();
  if (trimmed === node.name) return { error: '' };
  if (node.kind === 'function') {
    if (!trimmed) return { error: 'A node needs a name.' };
    if (doc.nodes.some((n) => n.kind === 'function' && n.id !== id && n.name === trimmed))
      return { error: `Another node is already named '${trimmed}': node names are unique in a pipeline.` };
  } else {
    const problem = datasetNameProblem(doc, trimmed, id);
    if (problem) return { error: problem };
    if (isParameter(node.name) !== isParameter(trimmed))
      return {
        error: `'${node.name}' cannot become '${trimmed}': parameters and datasets are different kinds; add a new one instead.`,
      };
  }
  const next = clone(doc);
  nodeById(next, id)!.name = trimmed;
  return { doc: next };
}

export function setTags(doc: EditorDoc, id: string, tags: string[]): Result {
  const node = nodeById(doc, id);
  if (node?.kind !== 'function') return { error: 'Only function nodes have tags.' };
  const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  if (clean.join(',') === node.tags.join(',')) return { error: '' };
  const next = clone(doc);
  (nodeById(next, id) as FunctionDocNode).tags = clean;
  return { doc: next };
}

/** More or fewer input handles (defaulted and rest arguments are not in `Function.length`). */
export function setInputCount(doc: EditorDoc, id: string, count: number): Result {
  const node = nodeById(doc, id);
  if (node?.kind !== 'function') return { error: 'Only function nodes have inputs.' };
  const n = Math.max(0, Math.min(32, Math.floor(count)));
  if (n === node.inputCount) return { error: '' };
  const next = clone(doc);
  (nodeById(next, id) as FunctionDocNode).inputCount = n;
  next.edges = next.edges.filter((e) => e.target !== id || handleIndex(e.targetHandle) < n);
  return { doc: next };
}

export function renamePipeline(doc: EditorDoc, name: string): Result {
  const trimmed = name.trim();
  if (trimmed === doc.name) return { error: '' };
  return { doc: { ...clone(doc), name: trimmed } };
}

/** Puts a connection the user drew either way round as output → input, or says why it cannot be. */
export function orient(c: ConnectionLike): Oriented | string {
  const sIn = isInputHandle(c.sourceHandle);
  const tIn = isInputHandle(c.targetHandle);
  if (sIn === tIn)
    return sIn
      ? 'Both ends are inputs: connect an output (right side of a node) to an input (left side).'
      : 'Both ends are outputs: connect an output (right side of a node) to an input (left side).';
  if (sIn)
    return {
      source: c.target,
      sourceHandle: c.targetHandle ?? OUT,
      target: c.source,
      targetHandle: c.sourceHandle ?? DS_IN,
    };
  return {
    source: c.source,
    sourceHandle: c.sourceHandle ?? OUT,
    target: c.target,
    targetHandle: c.targetHandle ?? DS_IN,
  };
}

/** Why this connection is refused, or null when it is fine. The messages say what to do instead. */
export function connectionProblem(doc: EditorDoc, raw: ConnectionLike): string | null {
  const c = orient(raw);
  if (typeof c === 'string') return c;
  const from = nodeById(doc, c.source);
  const to = nodeById(doc, c.target);
  if (!from || !to) return 'One end of this connection is not on the canvas.';
  if (from.id === to.id) return `'${from.name}' cannot be connected to itself.`;
  if (from.kind === 'function' && to.kind === 'function') {
    return `'${from.name}' and '${to.name}' are both functions: connect '${from.name}' to a dataset, and that dataset to '${to.name}'.`;
  }
  if (from.kind === 'dataset' && to.kind === 'dataset')
    return `'${from.name}' and '${to.name}' are both datasets: put a function between them.`;
  if (
    doc.edges.some(
      (e) =>
        e.source === c.source &&
        e.target === c.target &&
        e.sourceHandle === c.sourceHandle &&
        e.targetHandle === c.targetHandle,
    )
  ) {
    return 'These two are already connected.';
  }
  if (to.kind === 'dataset') {
    if (isParameter(to.name))
      return `'${to.name}' is a parameter: parameters come from parameters.yml and no function can write them.`;
    const producer = doc.edges.find((e) => e.target === to.id);
    if (producer) {
      return `Dataset '${to.name}' is already written by '${nodeById(doc, producer.source)?.name}': a dataset has one producer. Write to a new dataset instead.`;
    }
  } else {
    const i = handleIndex(c.targetHandle);
    const taken = doc.edges.find((e) => e.target === to.id && e.targetHandle === c.targetHandle);
    if (taken)
      return `Input ${argName(i)} of '${to.name}' already reads '${nodeById(doc, taken.source)?.name}': delete that connection first.`;
  }
  const path = findPath(doc, c.target, c.source);
  if (path)
    return `This connection would make a cycle: ${[from, ...path.map((id) => nodeById(doc, id)!)].map((n) => n.name).join(' → ')}. Pipelines cannot loop.`;
  return null;
}

/** Node ids from `start` to `goal` along edges (both included), or null. */
function findPath(doc: EditorDoc, start: string, goal: string): string[] | null {
  const down = new Map<string, string[]>();
  for (const e of doc.edges) down.set(e.source, [...(down.get(e.source) ?? []), e.target]);
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === goal) {
      const path: string[] = [];
      for (let p: string | null = at; p !== null; p = parent.get(p) ?? null) path.unshift(p);
      return path;
    }
    for (const next of down.get(at) ?? []) {
      if (!parent.has(next)) {
        parent.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

export function connect(doc: EditorDoc, raw: ConnectionLike): Result & { id?: string } {
  const problem = connectionProblem(doc, raw);
  if (problem) return { error: problem };
  const c = orient(raw) as Oriented;
  const next = clone(doc);
  const id = `e${next.seq++}`;
  next.edges.push({
    id,
    source: c.source,
    sourceHandle: c.sourceHandle,
    target: c.target,
    targetHandle: c.targetHandle,
  });
  return { doc: next, id };
}

/** The datasets a function reads, one per input handle (null where nothing is connected). */
export function inputsOf(doc: EditorDoc, fn: FunctionDocNode): Array<DatasetDocNode | null> {
  return Array.from({ length: fn.inputCount }, (_, i) => {
    const e = doc.edges.find((x) => x.target === fn.id && x.targetHandle === inHandle(i));
    return e ? ((nodeById(doc, e.source) as DatasetDocNode | undefined) ?? null) : null;
  });
}

/** The datasets a function writes, in the order they were connected. */
export function outputsOf(doc: EditorDoc, fn: FunctionDocNode): DatasetDocNode[] {
  return doc.edges
    .filter((e) => e.source === fn.id)
    .map((e) => nodeById(doc, e.target) as DatasetDocNode)
    .filter(Boolean);
}

export function producerOf(doc: EditorDoc, ds: DatasetDocNode): FunctionDocNode | undefined {
  const e = doc.edges.find((x) => x.target === ds.id);
  return e ? (nodeById(doc, e.source) as FunctionDocNode) : undefined;
}

export function consumersOf(doc: EditorDoc, ds: DatasetDocNode): FunctionDocNode[] {
  return [...new Set(doc.edges.filter((e) => e.source === ds.id).map((e) => e.target))].map(
    (id) => nodeById(doc, id) as FunctionDocNode,
  );
}
