// The names of the run options (contract.ts's runOptionsSchema) without zod, for code that needs
// only the names: a run's thread would otherwise load zod and build every command's schema as it
// starts. test/services/run-option-names.test.ts checks the list against the schema.
import type { RunOptionName } from './contract';

export const RUN_OPTION_NAMES = [
  'pipeline',
  'runner',
  'isAsync',
  'maxWorkers',
  'maxWorkerMemory',
  'nodes',
  'fromNodes',
  'toNodes',
  'fromInputs',
  'toOutputs',
  'tags',
  'namespace',
  'params',
  'loadVersions',
  'onlyMissingOutputs',
  'queue',
  'attempts',
  'groupBy',
  'changed',
] as const satisfies readonly RunOptionName[];
