// The run options' names without zod (a run's thread reads them as it starts) are the schema's.
import { describe, expect, it } from 'vitest';
import { runOptionsSchema } from '../../src-shared/contract';
import { RUN_OPTION_NAMES } from '../../src-shared/run-option-names';

describe('RUN_OPTION_NAMES', () => {
  it("names every option of runOptionsSchema, in the schema's order", () => {
    expect([...RUN_OPTION_NAMES]).toEqual(Object.keys(runOptionsSchema.shape));
  });
});
