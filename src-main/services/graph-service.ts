import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphEdge, GraphNode, PipelineGraph } from '../../src-shared/api-types';
import { stripTranscoding } from '../engine/node';
import type { Node } from '../engine/node';
import type { Project } from '../project/types';
import { selectPipeline } from './run-request';

const isParameter = (name: string) => name === 'parameters' || name.startsWith('params:');

/** A registered pipeline as graph data: function, dataset and parameter nodes, and their edges. */
export function describePipeline(project: Project, pipelineName: string): PipelineGraph {
  const { pipeline } = selectPipeline(project, { projectRoot: project.root, pipeline: pipelineName });
  const positions = readPositions(project.root, pipelineName);
  const catalog = project.createCatalog();
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  // Transcoded names (`cars@csv`, `cars@json`) are one dataset in the graph, as in Kedro-Viz.
  const produced = new Set(pipeline.nodes.flatMap((n) => n.outputs.map(stripTranscoding)));
  const consumed = new Set(pipeline.nodes.flatMap((n) => n.inputs.map(stripTranscoding)));
  const namespaces = [...new Set(pipeline.nodes.flatMap((n) => n.namespacePrefixes))].sort();
  const known = new Set(namespaces);

  const dataNode = (raw: string, fn: Node): string => {
    const name = stripTranscoding(raw);
    const param = isParameter(name);
    const id = `${param ? 'param' : 'ds'}:${name}`;
    const existing = nodes.get(id);
    if (existing) {
      existing.tags = [...new Set([...existing.tags, ...fn.tags])].sort();
      return id;
    }
    const node: GraphNode = {
      id,
      kind: param ? 'parameter' : 'dataset',
      name,
      label: labelOf(name.replace(/^params:/, ''), known),
      tags: [...fn.tags].sort(),
      namespace: namespaceOf(name.replace(/^params:/, ''), known),
    };
    if (!param) {
      node.datasetType = datasetType(catalog, raw);
      const layer = layerOf(project, name);
      if (layer) node.layer = layer;
      node.isInput = !produced.has(name);
      node.isOutput = !consumed.has(name);
    }
    const pos = positions.get(name);
    if (pos) node.position = pos;
    nodes.set(id, node);
    return id;
  };

  for (const fn of pipeline.nodes) {
    const id = `fn:${fn.name}`;
    const node: GraphNode = {
      id,
      kind: 'function',
      name: fn.name,
      label: fn.explicitName ?? fn.shortName,
      tags: [...fn.tags].sort(),
      namespace: fn.namespace ?? null,
      func: fn.funcName,
      inputs: [...fn.inputs],
      outputs: [...fn.outputs],
    };
    if (fn.inputMapping) node.inputKeys = Object.keys(fn.inputMapping);
    if (fn.outputMapping) node.outputKeys = Object.keys(fn.outputMapping);
    const pos = positions.get(fn.name);
    if (pos) node.position = pos;
    nodes.set(id, node);
    for (const input of fn.inputs) {
      const source = dataNode(input, fn);
      edges.set(`${source}->${id}`, { id: `${source}->${id}`, source, target: id });
    }
    for (const output of fn.outputs) {
      const target = dataNode(output, fn);
      edges.set(`${id}->${target}`, { id: `${id}->${target}`, source: id, target });
    }
  }
  const all = [...nodes.values()];
  return {
    pipeline: pipelineName,
    nodes: all,
    edges: [...edges.values()],
    tags: [...pipeline.tags].sort(),
    namespaces,
    hasPositions: all.length > 0 && all.every((n) => n.position),
  };
}

/** The name without its namespace: a dot inside a name that is no namespace (`params:model.alpha`) stays. */
function labelOf(name: string, namespaces: ReadonlySet<string>): string {
  const ns = namespaceOf(name, namespaces);
  return ns ? name.slice(ns.length + 1) : name;
}

/** The longest namespace of the pipeline that prefixes the name, as in Kedro-Viz. */
function namespaceOf(name: string, namespaces: ReadonlySet<string>): string | null {
  for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1))
    if (namespaces.has(name.slice(0, i))) return name.slice(0, i);
  return null;
}

function datasetType(catalog: ReturnType<Project['createCatalog']>, name: string): string {
  try {
    return catalog.has(name) ? catalog.getDataset(name).typeName : 'MemoryDataset';
  } catch {
    return 'MemoryDataset';
  }
}

/** Kedro-Viz's layer: `metadata: {kedro-viz: {layer}}` in the catalog entry (older projects: `layer:`). */
function layerOf(project: Project, name: string): string | undefined {
  const entry = project.catalogConfig[name];
  const meta = entry?.metadata as { 'kedro-viz'?: { layer?: unknown }; layer?: unknown } | undefined;
  const layer = meta?.['kedro-viz']?.layer ?? meta?.layer ?? entry?.layer;
  return typeof layer === 'string' ? layer : undefined;
}

/** Node positions from pipelines/<name>.json, where the editor saved them. */
function readPositions(root: string, pipelineName: string): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  let file: { nodes?: Array<{ name?: unknown; position?: { x?: unknown; y?: unknown } }>; datasets?: unknown };
  try {
    file = JSON.parse(readFileSync(join(root, 'pipelines', `${pipelineName}.json`), 'utf8'));
  } catch {
    return positions;
  }
  for (const n of file.nodes ?? []) {
    const p = n.position;
    if (typeof n.name === 'string' && typeof p?.x === 'number' && typeof p.y === 'number')
      positions.set(n.name, { x: p.x, y: p.y });
  }
  // Dataset positions, if the editor keeps them: `{ "datasets": { "name": { "position": {x, y} } } }`.
  if (file.datasets && typeof file.datasets === 'object') {
    for (const [name, d] of Object.entries(
      file.datasets as Record<string, { position?: { x?: unknown; y?: unknown } }>,
    )) {
      const p = d?.position;
      if (typeof p?.x === 'number' && typeof p.y === 'number') positions.set(name, { x: p.x, y: p.y });
    }
  }
  return positions;
}
