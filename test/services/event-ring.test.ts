import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RingReader, RingWriter, newRing } from '../../src-main/services/run-thread/event-ring';
import { drainAll } from './drain-all';

const RING_SOURCE = join(__dirname, '..', '..', 'src-main', 'services', 'run-thread', 'event-ring.ts');

describe('event ring', () => {
  it('gives back every record in order, across the end of the ring, multibyte text included', () => {
    const ring = newRing(1024);
    let wakes = 0;
    const writer = new RingWriter(ring, () => wakes++);
    const reader = new RingReader(ring);
    const read: unknown[] = [];
    let n = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3; i++) writer.write({ n: n++, text: 'ü€😀 — a line, with "quotes"'.repeat(1 + (n % 3)) });
      read.push(...drainAll(reader));
    }
    expect(read).toHaveLength(150);
    expect(read.map((r) => (r as { n: number }).n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect((read[149] as { text: string }).text.startsWith('ü€😀 — a line, with "quotes"')).toBe(true);
    // One wake per batch, not one per record.
    expect(wakes).toBe(50);
  });

  it('hands a large batch over a slice at a time, split only between records, whatever the records hold', () => {
    const ring = newRing(4096);
    const writer = new RingWriter(ring, () => undefined);
    const reader = new RingReader(ring, 200);
    const record = (n: number) => ({
      k: 'event',
      n,
      // What a slice boundary looks like, inside a record: that slice does not parse and is joined to the next.
      nested: n % 7 === 0 ? [{ k: 'x' }, { k: 'y' }] : [],
      text: 'ü€😀 },{"k":"'.repeat(1 + (n % 4)),
    });
    const read: unknown[] = [];
    const slices: number[] = [];
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 25; i++) writer.write(record(n++));
      reader.drainEach((records) => {
        slices.push(records.length);
        read.push(...records);
      });
    }
    expect(read).toEqual(Array.from({ length: 500 }, (_, i) => record(i)));
    // Many slices per batch, not one: a slice is about 200 bytes, a batch over 2 KB.
    expect(slices.length).toBeGreaterThan(5 * 20);
    expect(Math.max(...slices)).toBeLessThan(25);
  });

  it('a read from within a slice reads nothing: the outer read hands over every record once, in order', () => {
    const ring = newRing(4096);
    const writer = new RingWriter(ring, () => undefined);
    const reader = new RingReader(ring, 100);
    for (let n = 0; n < 30; n++) writer.write({ k: 'event', n });
    const read: number[] = [];
    reader.drainEach((records) => {
      expect(drainAll(reader)).toEqual([]);
      read.push(...records.map((r) => (r as { n: number }).n));
    });
    expect(read).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(drainAll(reader)).toEqual([]);
  });

  it('refuses a record larger than half the ring, naming its size', () => {
    const writer = new RingWriter(newRing(1024), () => undefined);
    expect(() => writer.write({ text: 'x'.repeat(400) })).toThrow(/does not fit the event ring/);
  });

  it('a writer on another thread waits for room when the ring is full, and nothing is lost', async () => {
    const ring = newRing(4096);
    const reader = new RingReader(ring);
    const worker = new Worker(
      `const { createJiti } = require('jiti');
       const { parentPort, workerData } = require('node:worker_threads');
       createJiti(workerData.from).import(workerData.source).then(({ RingWriter }) => {
         const writer = new RingWriter(workerData.ring, () => parentPort.postMessage('wake'));
         for (let n = 0; n < 2000; n++) writer.write({ n, pad: 'x'.repeat(n % 50) });
         writer.write({ end: true });
       });`,
      { eval: true, workerData: { ring, source: RING_SOURCE, from: __filename } },
    );
    const read: Array<{ n?: number; end?: boolean }> = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', () => {
        read.push(...(drainAll(reader) as typeof read));
        if (read.at(-1)?.end) resolve();
      });
      worker.on('exit', () => {
        read.push(...(drainAll(reader) as typeof read));
        resolve();
      });
    });
    await worker.terminate();
    // 2,000 records of ~30–80 bytes through a 4 KiB ring: the writer had to wait many times.
    expect(read.filter((r) => !r.end).map((r) => r.n)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(read.at(-1)).toEqual({ end: true });
  }, 30_000);
});
