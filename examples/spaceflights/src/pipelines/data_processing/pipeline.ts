import { node, pipeline } from 'pipewright';
import { createModelInputTable, preprocessCompanies, preprocessShuttles } from './nodes';

export function createPipeline() {
  return pipeline(
    [
      node(preprocessCompanies, 'companies', 'preprocessed_companies', { name: 'preprocess_companies_node' }),
      node(preprocessShuttles, 'shuttles', 'preprocessed_shuttles', { name: 'preprocess_shuttles_node' }),
      node(createModelInputTable, ['preprocessed_shuttles', 'preprocessed_companies', 'reviews'], 'model_input_table', {
        name: 'create_model_input_table_node',
      }),
    ],
    { tags: 'preprocessing' },
  );
}
