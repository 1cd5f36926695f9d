import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrossingError, LARGE_BYTES, decodeValues, encodeValues, isFileRef } from '../../src-main/engine/pool/codec';

const thread = { canTransfer: true, owned: true, target: 'a worker thread' };
const proc = { canTransfer: false, owned: true, target: 'a worker process' };

describe('the value codec', () => {
  it('passes plain data untouched', () => {
    const v = { a: [1, 'x', { b: new Date(0) }], m: new Map([[1, 2]]) };
    const e = encodeValues({ v }, thread);
    expect(e.values.v).toBe(v);
    expect(e.transfer).toEqual([]);
  });

  it('keeps Buffers Buffers across structured clone', () => {
    const e = encodeValues({ b: Buffer.from('hi') }, thread);
    const back = decodeValues(structuredClone(e.values));
    expect(Buffer.isBuffer(back.b)).toBe(true);
    expect((back.b as Buffer).toString()).toBe('hi');
  });

  it('transfers large owned buffers between threads, never pooled slabs', () => {
    const big = new Float64Array(LARGE_BYTES / 8);
    const e = encodeValues({ big, small: Buffer.from('x') }, thread);
    expect(e.transfer).toEqual([big.buffer]);
    expect(encodeValues({ big }, { ...thread, owned: false }).transfer).toEqual([]);
  });

  it('sends large binaries between processes through a shared file the reader removes', () => {
    const big = new Float32Array(LARGE_BYTES / 4).fill(2.5);
    const e = encodeValues({ big }, proc);
    expect(isFileRef(e.values.big)).toBe(true);
    const path = (e.values.big as { path: string }).path;
    const back = decodeValues(structuredClone(e.values)).big as Float32Array;
    expect(back).toBeInstanceOf(Float32Array);
    expect(back.length).toBe(big.length);
    expect(back[123]).toBe(2.5);
    expect(existsSync(path)).toBe(false);
  });

  it('names the dataset holding a function or a class instance', () => {
    class Model {
      predict() {
        return 1;
      }
    }
    expect(() => encodeValues({ f: { nested: [() => 1] } }, proc)).toThrow(CrossingError);
    expect(() => encodeValues({ f: { nested: [() => 1] } }, proc)).toThrow(/Dataset 'f' holds a function/);
    expect(() => encodeValues({ model: new Model() }, proc)).toThrow(/Dataset 'model' holds an instance of Model/);
  });
});

describe('values held by the process that wrote them', () => {
  it('the last consumer in the same process takes the object itself; others get a copy', () => {
    const big = new Float64Array(LARGE_BYTES / 8).fill(3);
    const e = encodeValues({ big }, { ...proc, hold: true });
    const ref = e.values.big as Record<string, unknown>;
    const copy = decodeValues({ big: { ...ref, unlink: false, owned: false } }).big;
    expect(copy).not.toBe(big);
    expect(copy).toEqual(big);
    const same = decodeValues({ big: { ...ref, unlink: true, owned: true } }).big;
    expect(same).toBe(big);
    expect(existsSync(ref.path as string)).toBe(false);
  });
});
