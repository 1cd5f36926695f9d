import { markRaw } from 'vue';
import PlainEdge from './edges/PlainEdge.vue';
import type { EdgeTypesObject, NodeTypesObject } from './index';
import DatasetNode from './nodes/DatasetNode.vue';
import FunctionNode from './nodes/FunctionNode.vue';
import NamespaceNode from './nodes/NamespaceNode.vue';
import ParameterNode from './nodes/ParameterNode.vue';

// Our node components take only the props they use; vue-flow's types want the full NodeProps.
export const nodeTypes = markRaw({
  function: FunctionNode,
  dataset: DatasetNode,
  parameter: ParameterNode,
  namespace: NamespaceNode,
}) as unknown as NodeTypesObject;
export const edgeTypes = markRaw({ plain: PlainEdge }) as unknown as EdgeTypesObject;
