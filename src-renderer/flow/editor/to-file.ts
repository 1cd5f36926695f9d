// Between the editor's document and the world: a pipelines/<name>.json body to save, and a
// document built from a registered pipeline's graph to edit.
import type { CommandArgs, PipelineGraph, ProjectFunction } from '../../../src-shared/contract';
import {
  DS_IN,
  inHandle,
  inputLabel,
  inputsOf,
  OUT,
  outputsOf,
  PIPELINE_NAME,
  type DatasetDocNode,
  type DocEdge,
  type DocNode,
  type EditorDoc,
  type FunctionDocNode,
  uniqueNodeName,
} from './doc';

export type PipelineFileBody = CommandArgs<'pipelines.save'>['file'];

export interface Problem {
  /** The node to point at, when there is one. */
  id?: string;
  message: string;
}

const oneOrList = (names: string[]): string | string[] | null =>
  names.length === 0 ? null : names.length === 1 ? names[0] : names;

/** The file body, with what must be fixed before the host is asked (unconnected inputs, no nodes). */
export function toFile(doc: EditorDoc): { file: PipelineFileBody; problems: Problem[] } {
  const problems: Problem[] = [];
  const fns = doc.nodes.filter((n): n is FunctionDocNode => n.kind === 'function');
  if (!fns.length)
    problems.push({ message: 'The pipeline has no function node: drag a function from the palette onto the canvas.' });
  const nodes = fns.map((fn) => {
    const ins = inputsOf(doc, fn);
    ins.forEach((d, i) => {
      if (!d)
        problems.push({
          id: fn.id,
          message: `Input ${inputLabel(fn, i)} of '${fn.name}' is not connected: connect a dataset or parameter to it, or lower its input count.`,
        });
    });
    if (fn.func.startsWith('?#'))
      problems.push({
        id: fn.id,
        message: `Node '${fn.name}' has no project function: delete it and drag the right function from the palette.`,
      });
    const outs = outputsOf(doc, fn);
    const outputKeys = fn.outputKeys;
    return {
      name: fn.name,
      func: fn.func,
      inputs: fn.inputKeys
        ? Object.fromEntries(ins.map((d, i) => [inputLabel(fn, i), d?.name ?? '']))
        : oneOrList(ins.map((d) => d?.name ?? '')),
      outputs:
        outputKeys && outs.length
          ? Object.fromEntries(outs.map((d) => [outputKeys[d.id] ?? d.name, d.name]))
          : oneOrList(outs.map((d) => d.name)),
      ...(fn.tags.length ? { tags: [...fn.tags] } : {}),
      position: { x: Math.round(fn.position.x), y: Math.round(fn.position.y) },
    };
  });
  return { file: { nodes }, problems };
}

/**
 * Why the pipeline cannot be saved under this name, or null. `taken`: the project's pipeline names;
 * `editing`: the pipelines/<name>.json file this editor opened or saved, which it may overwrite.
 */
export function pipelineNameProblem(name: string, taken: readonly string[], editing: string | null): string | null {
  if (!name) return 'Name the pipeline before saving.';
  if (!PIPELINE_NAME.test(name))
    return `'${name}' is not a valid pipeline name: use letters, digits, '_', '-' and '.'.`;
  if (name === '__default__') return "'__default__' is the project's combined pipeline: pick another name.";
  if (taken.includes(name) && name !== editing) {
    return `The project already has a pipeline named '${name}': pick another name (open it from the Open list to edit it).`;
  }
  return null;
}

/**
 * A document from a registered pipeline's graph. Function refs come from the project's functions
 * by name; positions from the pipeline file where it gave them (`placed`: those nodes' ids); the
 * rest are placed by arrange.ts. `fromFile` is true when the graph carries positions: only pipelines/<name>.json gives them, so the
 * pipeline is one the editor may overwrite (a pipeline defined in code is edited as a copy).
 */
export function fromGraph(
  graph: PipelineGraph,
  functions: readonly ProjectFunction[],
): { doc: EditorDoc; fromFile: boolean; warnings: string[]; placed: string[] } {
  const warnings: string[] = [];
  const fromFile = graph.nodes.some((n) => n.kind === 'function' && n.position);
  const doc: EditorDoc = {
    name: fromFile ? graph.pipeline : `${graph.pipeline === '__default__' ? 'default' : graph.pipeline}_copy`,
    nodes: [],
    edges: [],
    seq: 1,
  };
  const byGraphId = new Map<string, DocNode>();

  for (const g of graph.nodes) {
    if (g.kind !== 'function') continue;
    const candidates = functions.filter((f) => f.ref === g.func || f.name === g.func);
    const fn = candidates[0];
    if (!fn)
      warnings.push(
        `Node '${g.name}' calls '${g.func}', which is not an exported function of src/: pick a function for it before saving.`,
      );
    else if (candidates.length > 1)
      warnings.push(`Node '${g.name}': '${g.func}' is exported by ${candidates.length} modules; ${fn.ref} was taken.`);
    const inputs = g.inputs ?? [];
    // A copy gets readable names for the engine's generated ones (`len__2e1934a3`); a file keeps its names.
    const generated =
      !fromFile && g.func && new RegExp(`^(.*\\.)?${g.func.replace(/[$]/g, '\\$')}__[0-9a-f]{8}$`).test(g.name);
    const node: FunctionDocNode = {
      id: `f${doc.seq++}`,
      kind: 'function',
      name: generated ? uniqueNodeName(doc, g.name.replace(/__[0-9a-f]{8}$/, '')) : g.name,
      func: fn?.ref ?? `?#${g.func ?? g.name}`,
      fnName: fn?.name ?? g.func ?? g.name,
      inputCount: Math.max(inputs.length, 0),
      ...(g.inputKeys ? { inputKeys: [...g.inputKeys] } : {}),
      ...(g.outputKeys ? { outputKeys: {} } : {}),
      tags: [...g.tags],
      position: g.position ?? { x: 0, y: 0 },
    };
    if ((g.outputs?.length ?? 0) > 1 && !g.outputKeys)
      warnings.push(
        `Node '${g.name}' writes ${g.outputs!.length} datasets: they are saved as a list, so the function must return an array in that order.`,
      );
    doc.nodes.push(node);
    byGraphId.set(g.id, node);
  }
  for (const g of graph.nodes) {
    if (g.kind === 'function') continue;
    const node: DatasetDocNode = {
      id: `d${doc.seq++}`,
      kind: 'dataset',
      name: g.name,
      datasetType: g.kind === 'parameter' ? 'parameter' : (g.datasetType ?? 'MemoryDataset'),
      position: g.position ?? { x: 0, y: 0 },
    };
    doc.nodes.push(node);
    byGraphId.set(g.id, node);
  }
  const byName = new Map(doc.nodes.filter((n) => n.kind === 'dataset').map((n) => [n.name, n]));
  for (const g of graph.nodes) {
    if (g.kind !== 'function') continue;
    const fn = byGraphId.get(g.id)!;
    (g.inputs ?? []).forEach((input, i) => {
      const ds = byName.get(input.split('@')[0]);
      if (ds) doc.edges.push(edge(doc, ds.id, OUT, fn.id, inHandle(i)));
    });
    (g.outputs ?? []).forEach((output, j) => {
      const ds = byName.get(output.split('@')[0]);
      if (!ds) return;
      doc.edges.push(edge(doc, fn.id, OUT, ds.id, DS_IN));
      if (g.outputKeys && fn.kind === 'function') fn.outputKeys![ds.id] = g.outputKeys[j];
    });
  }
  const placed = graph.nodes.filter((g) => g.position).map((g) => byGraphId.get(g.id)!.id);
  return { doc, fromFile, warnings, placed };
}

function edge(doc: EditorDoc, source: string, sourceHandle: string, target: string, targetHandle: string): DocEdge {
  return { id: `e${doc.seq++}`, source, sourceHandle, target, targetHandle };
}
