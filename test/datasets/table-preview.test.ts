import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { previewValue } from '../../src-main/services/preview-value';
import { aq } from '../../src-main/table';

describe('a table value previews like CSV data', () => {
  it('columns with types and one page of rows, the same as its records', () => {
    const t = aq.table({
      name: ['ada', null, 'cy', 'dee'],
      score: [1.5, null, -4, 2],
      when: [new Date('2024-01-02T03:04:05Z'), null, new Date(0), new Date(1)],
      ok: [true, false, null, true],
    });
    const ctx = { dataset: 'people', source: 'current' as const };
    const page = { offset: 1, limit: 2 };
    const preview = previewValue(t, ctx, page);
    expect(preview).toMatchObject({
      kind: 'table',
      rowCount: 4,
      offset: 1,
      columns: [
        { name: 'name', type: 'string' },
        { name: 'score', type: 'number' },
        { name: 'when', type: 'date' },
        { name: 'ok', type: 'boolean' },
      ],
    });
    expect(preview).toEqual(previewValue(t.objects(), ctx, page));
  });

  it('an apache-arrow Table too', () => {
    const preview = previewValue(
      tableFromArrays({ x: Float64Array.from([1, 2, 3]) }),
      { dataset: 'a', source: 'current' },
      { offset: 0, limit: 10 },
    );
    expect(preview).toMatchObject({
      kind: 'table',
      rowCount: 3,
      columns: [{ name: 'x', type: 'number' }],
      rows: [[1], [2], [3]],
    });
  });
});
