// The only module that imports @vue-flow/*: vue-flow 2 changes its API, and this is where we adapt.
import '@vue-flow/core/dist/style.css';

export {
  VueFlow,
  Handle,
  Position,
  MarkerType,
  useVueFlow,
  getBezierPath,
  ConnectionMode,
  Panel,
} from '@vue-flow/core';
export type {
  Node as FlowNode,
  Edge as FlowEdge,
  NodeTypesObject,
  EdgeTypesObject,
  Connection,
  NodeProps,
  EdgeProps,
  ViewportTransform,
  NodeMouseEvent,
} from '@vue-flow/core';
export { Background } from '@vue-flow/background';
