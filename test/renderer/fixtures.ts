import type { PipelineGraph, ProjectSummary } from '../../src-shared/contract';

/** raw -> clean -> cleaned -> train(params:rate) -> model; a diamond-free chain with a parameter. */
export function chainGraph(): PipelineGraph {
  const fn = (name: string, inputs: string[], outputs: string[], tags: string[] = []) => ({
    id: `fn:${name}`,
    kind: 'function' as const,
    name,
    label: name,
    tags,
    namespace: null,
    func: `src/nodes.ts#${name}`,
    inputs,
    outputs,
  });
  const ds = (name: string, datasetType = 'MemoryDataset') => ({
    id: `ds:${name}`,
    kind: 'dataset' as const,
    name,
    label: name,
    tags: [],
    namespace: null,
    datasetType,
  });
  return {
    pipeline: '__default__',
    nodes: [
      ds('raw', 'CSVDataset'),
      fn('clean', ['raw'], ['cleaned'], ['prep']),
      ds('cleaned'),
      { id: 'param:params:rate', kind: 'parameter', name: 'params:rate', label: 'rate', tags: [], namespace: null },
      fn('train', ['cleaned', 'params:rate'], ['model'], ['ml']),
      ds('model', 'JSONDataset'),
      fn('report', ['raw'], ['summary'], ['prep']),
      ds('summary'),
    ],
    edges: [
      { id: 'e1', source: 'ds:raw', target: 'fn:clean' },
      { id: 'e2', source: 'fn:clean', target: 'ds:cleaned' },
      { id: 'e3', source: 'ds:cleaned', target: 'fn:train' },
      { id: 'e4', source: 'param:params:rate', target: 'fn:train' },
      { id: 'e5', source: 'fn:train', target: 'ds:model' },
      { id: 'e6', source: 'ds:raw', target: 'fn:report' },
      { id: 'e7', source: 'fn:report', target: 'ds:summary' },
    ],
    tags: ['ml', 'prep'],
    namespaces: [],
    hasPositions: false,
  };
}

export function summary(): ProjectSummary {
  return {
    root: '/p/demo',
    name: 'demo',
    env: 'local',
    pipelines: [{ name: '__default__', nodeCount: 3, datasetCount: 5, tags: ['ml', 'prep'], namespaces: [] }],
    tags: ['ml', 'prep'],
    runners: [{ id: 'src/runner.ts#DryRunner', label: 'DryRunner', builtIn: false }],
    catalog: [],
    parameters: { rate: 0.1 },
    loadedAt: 0,
  };
}
