import { describe, expect, it } from 'vitest';
import { RingReader, RingWriter, newRing } from '../../src-main/cli/event-ring';

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
      read.push(...reader.drain());
    }
    expect(read).toHaveLength(150);
    expect(read.map((r) => (r as { n: number }).n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect((read[149] as { text: string }).text.startsWith('ü€😀 — a line, with "quotes"')).toBe(true);
    // One wake per batch, not one per record.
    expect(wakes).toBe(50);
  });

  it('refuses a record larger than half the ring, naming its size', () => {
    const writer = new RingWriter(newRing(1024), () => undefined);
    expect(() => writer.write({ text: 'x'.repeat(400) })).toThrow(/does not fit the event ring/);
  });
});
