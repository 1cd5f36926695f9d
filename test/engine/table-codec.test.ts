import * as esmArrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decodeValues, encodeValues, removeFile, type Encoded } from '../../src-main/engine/pool/codec';
import { aq, arrow, isTable, type Table } from '../../src-main/table';

const THREAD = { canTransfer: true, owned: true, tablesOwned: true, target: 'a worker thread' };
const PROCESS = { canTransfer: false, owned: true, target: 'a worker process' };
const across = (e: Encoded) => decodeValues(structuredClone(e.values, { transfer: e.transfer }));

describe('tables cross as Arrow IPC bytes', () => {
  it('an arquero table comes back a table, equal, large ones moved (threads) or through a shared file (processes)', () => {
    const n = 300_000;
    const t = aq.table({
      x: Float64Array.from({ length: n }, (_, i) => i),
      s: Array.from({ length: n }, (_, i) => (i % 3 ? `s${i % 7}` : null)),
    });
    // Shared (a table in the engine's MemoryDataset): cloned, the table stays whole.
    const shared = encodeValues({ t }, { ...THREAD, tablesOwned: false });
    expect(shared.transfer.length).toBe(0);
    expect((across(shared).t as Table).numRows()).toBe(n);
    const processes = encodeValues({ nested: { t } }, PROCESS);
    // A node's own (a worker's output): its float64 column moves, no copy.
    const threads = encodeValues({ t }, THREAD);
    expect(threads.transfer.length).toBe(1);
    const viaThread = across(threads).t as Table;
    expect(isTable(viaThread)).toBe(true);
    expect(viaThread.numRows()).toBe(n);
    expect(viaThread.get('s', 4)).toBe('s4');
    expect(viaThread.get('s', 3)).toBeNull();
    expect(processes.files.length).toBe(1);
    const viaProcess = (across(processes).nested as { t: Table }).t;
    expect(viaProcess.rollup({ sum: (d: { x: number }) => aq.op.sum(d.x) }).get('sum', 0)).toBe(((n - 1) * n) / 2);
    for (const f of processes.files) removeFile(f);
  });

  it("an apache-arrow Table made with Pipewright's copy comes back an apache-arrow Table; another copy's is refused, not zeroed", () => {
    const t = arrow.tableFromArrays({ x: Float64Array.from([1.5, 2, 3]) });
    const back = across(encodeValues({ t }, THREAD)).t as typeof t;
    expect(back).toBeInstanceOf(arrow.Table);
    expect([...back.getChild('x')!]).toEqual([1.5, 2, 3]);
    // The ES module build of apache-arrow is a second copy beside the CommonJS one Pipewright requires.
    expect(esmArrow.Table).not.toBe(arrow.Table);
    const foreign = esmArrow.tableFromArrays({ x: Float64Array.from([1]) });
    expect(() => encodeValues({ foreign }, THREAD)).toThrow(
      /^Dataset 'foreign' holds a table that cannot be written as Arrow IPC bytes \(the apache-arrow Table comes from another copy of apache-arrow/,
    );
  });
});
