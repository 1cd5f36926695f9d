import { createPinia, setActivePinia } from 'pinia';
import type { GraphNode, PipelineGraph, ProjectFunction } from '../../src-shared/contract';
import { useProjectStore } from '../../src-renderer/stores/project';
import { summary } from './fixtures';

export const SPACEFLIGHTS_FUNCTIONS: ProjectFunction[] = [
  {
    ref: 'src/pipelines/data-science/nodes.ts#splitData',
    name: 'splitData',
    file: 'src/pipelines/data-science/nodes.ts',
    arity: 2,
  },
  {
    ref: 'src/pipelines/data-science/nodes.ts#trainModel',
    name: 'trainModel',
    file: 'src/pipelines/data-science/nodes.ts',
    arity: 2,
  },
  {
    ref: 'src/pipelines/data-science/nodes.ts#evaluateModel',
    name: 'evaluateModel',
    file: 'src/pipelines/data-science/nodes.ts',
    arity: 3,
  },
];

/**
 * The spaceflights example's `data_science` pipeline as `pipelines.graph` returns it (defined in
 * code, so no positions): one modelling pipeline under two namespaces, keyword-style outputs.
 */
export function dataScienceGraph(): PipelineGraph {
  const nodes: GraphNode[] = [];
  const edges: PipelineGraph['edges'] = [];
  const ds = (name: string, kind: 'dataset' | 'parameter' = 'dataset') => {
    const id = `${kind === 'parameter' ? 'param' : 'ds'}:${name}`;
    if (!nodes.some((n) => n.id === id))
      nodes.push({
        id,
        kind,
        name,
        label: name.split('.').at(-1)!,
        tags: [],
        namespace: null,
        datasetType: kind === 'dataset' ? 'MemoryDataset' : undefined,
      });
    return id;
  };
  const fn = (
    name: string,
    func: string,
    inputs: string[],
    outputs: string[],
    outputKeys?: string[],
    tags: string[] = [],
  ) => {
    const id = `fn:${name}`;
    nodes.push({
      id,
      kind: 'function',
      name,
      label: name.split('.').at(-1)!,
      tags,
      namespace: name.split('.')[0],
      func,
      inputs,
      outputs,
      ...(outputKeys ? { outputKeys } : {}),
    });
    for (const i of inputs)
      edges.push({
        id: `e${edges.length}`,
        source: ds(i, i.startsWith('params:') ? 'parameter' : 'dataset'),
        target: id,
      });
    for (const o of outputs) edges.push({ id: `e${edges.length}`, source: id, target: ds(o) });
  };
  for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
    const q = (s: string) => `${ns}.${s}`;
    fn(
      q('split_data_node'),
      'splitData',
      ['model_input_table', `params:${q('model_options')}`],
      ['X_train', 'X_test', 'y_train', 'y_test'].map(q),
      ['X_train', 'X_test', 'y_train', 'y_test'],
    );
    fn(q('train_model_node'), 'trainModel', [q('X_train'), q('y_train')], [q('regressor')], undefined, ['training']);
    fn(q('evaluate_model_node'), 'evaluateModel', [q('regressor'), q('X_test'), q('y_test')], [q('metrics')]);
  }
  return { pipeline: 'data_science', nodes, edges, tags: ['training'], namespaces: [], hasPositions: false };
}

/** Fresh stores, with a project open that has spaceflights' data_science pipeline. */
export function freshEditorProject(): void {
  setActivePinia(createPinia());
  useProjectStore().summary = {
    ...summary(),
    pipelines: [{ name: 'data_science', nodeCount: 6, datasetCount: 13, tags: [], namespaces: [] }],
  };
}
