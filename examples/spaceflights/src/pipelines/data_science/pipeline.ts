import { node, pipeline } from 'pipewright';
import { evaluateModel, splitData, trainModel } from './nodes';

/** One modelling run; instantiated once per namespace, each with its own model_options. */
export function createPipeline() {
  const base = pipeline([
    node(
      splitData,
      ['model_input_table', 'params:model_options'],
      { X_train: 'X_train', X_test: 'X_test', y_train: 'y_train', y_test: 'y_test' },
      {
        name: 'split_data_node',
      },
    ),
    node(trainModel, ['X_train', 'y_train'], 'regressor', { name: 'train_model_node', tags: 'training' }),
    node(evaluateModel, ['regressor', 'X_test', 'y_test'], 'metrics', { name: 'evaluate_model_node' }),
  ]);
  const modelling = (namespace: string) => pipeline(base, { namespace, inputs: 'model_input_table' });
  return modelling('active_modelling_pipeline').plus(modelling('candidate_modelling_pipeline'));
}
