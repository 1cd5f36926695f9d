import { node, pipeline } from 'pipewright';
import { comparePassengerCapacityPlotly, comparePassengerCapacityVega, createConfusionMatrix } from './nodes';

/** Charts of the preprocessed shuttles, for data/08_reporting and the app's dataset view. */
export function createPipeline() {
  return pipeline([
    node(comparePassengerCapacityPlotly, 'preprocessed_shuttles', 'shuttle_passenger_capacity_plot', {
      name: 'compare_passenger_capacity_plotly_node',
    }),
    node(comparePassengerCapacityVega, 'preprocessed_shuttles', 'shuttle_passenger_capacity_chart', {
      name: 'compare_passenger_capacity_vega_node',
    }),
    node(createConfusionMatrix, 'companies', 'dummy_confusion_matrix', { name: 'create_confusion_matrix_node' }),
  ]);
}
