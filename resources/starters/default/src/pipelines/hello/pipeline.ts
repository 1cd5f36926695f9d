import { node, pipeline } from 'pipewright';
import { greet } from './nodes';

export function createPipeline() {
  return pipeline([node(greet, 'params:greeting', 'greeting', { name: 'greet' })]);
}
