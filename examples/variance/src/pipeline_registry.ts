import { node, pipeline, type Pipeline } from 'pipewright';
import { len, mean, meanSos, variance } from './nodes';

export function registerPipelines(): Record<string, Pipeline> {
  const variancePipeline = pipeline([
    node(len, 'xs', 'n'),
    node(mean, ['xs', 'n'], 'm', { name: 'mean_node' }),
    node(meanSos, ['xs', 'n'], 'm2', { name: 'mean_sos' }),
    node(variance, ['m', 'm2'], 'v', { name: 'variance_node' }),
  ]);
  return { __default__: variancePipeline, variance: variancePipeline };
}
