import type { Table } from 'pipewright';
import { fitLinearRegression, predict, type LinearModel } from '../../ml/linear-regression';
import { maxError, meanAbsoluteError, r2Score, trainTestSplit } from '../../ml/model-selection';

export interface ModelOptions {
  test_size: number;
  random_state: number;
  features: string[];
}

/** Features and target (price), split into training and test sets. */
export function splitData(data: Table, parameters: ModelOptions) {
  const X = data.select(parameters.features);
  const y = data.array('price') as number[];
  const [X_train, X_test, y_train, y_test] = trainTestSplit(X, y, parameters);
  return { X_train, X_test, y_train, y_test };
}

export function trainModel(X_train: Table, y_train: number[]): LinearModel {
  return fitLinearRegression(X_train, y_train);
}

/** R², mean absolute error and max error of the model on the test set. */
export function evaluateModel(regressor: LinearModel, X_test: Table, y_test: number[]) {
  const y_pred = predict(regressor, X_test);
  return {
    r2_score: r2Score(y_test, y_pred),
    mae: meanAbsoluteError(y_test, y_pred),
    max_error: maxError(y_test, y_pred),
  };
}
